"""judge_origin without the model: vectors are random, so only wording can link the articles."""

from __future__ import annotations

import numpy as np

from engine.matching import ArticleDoc, PassageDoc, judge_origin

SENTENCES = [
    "The council approved the new budget on Tuesday after a four-hour debate.",
    "Spending on road repairs will rise by twelve percent next year, the treasurer said.",
    "Opposition members walked out before the final vote in protest at library closures.",
    "The mayor said the plan would keep council tax unchanged for a third year.",
]


def article(key: int, sentences: list[str], seed: int) -> ArticleDoc:
    rng = np.random.default_rng(seed)
    passages = []
    offset = 0
    for index, sentence in enumerate(sentences):
        vector = rng.standard_normal(384).astype(np.float32)
        passages.append(
            PassageDoc(key * 100 + index, offset, offset + len(sentence), sentence, vector / np.linalg.norm(vector))
        )
        offset += len(sentence) + 1
    return ArticleDoc(key, "Budget", " ".join(sentences), None, passages)


def test_a_verbatim_republication_is_same_origin() -> None:
    judgement = judge_origin(article(1, SENTENCES, 1), article(2, ["Updated 10:40.", *SENTENCES], 2))
    assert judgement.same_origin
    assert judgement.score > 0.9


def test_articles_with_nothing_in_common_are_not_same_origin() -> None:
    other = ["A storm closed the harbour.", "Ferries were cancelled until Friday.", "No one was hurt."]
    judgement = judge_origin(article(1, SENTENCES, 1), article(2, other, 2))
    assert not judgement.same_origin
    assert judgement.passage_pairs == []


def test_an_article_without_passages_is_judged_on_wording_alone() -> None:
    empty = ArticleDoc(3, "Budget", " ".join(SENTENCES), None, [])
    assert judge_origin(article(1, SENTENCES, 1), empty).same_origin
