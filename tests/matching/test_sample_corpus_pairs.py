"""The demo corpus's ground-truth sentence pairs (articles/sample_corpus/expected.json) through judge_pair."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from engine.matching import Relation, judge_pair

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parents[2] / "articles" / "sample_corpus"


def load() -> tuple[dict[str, Any], dict[str, datetime.date | None]]:
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    dates = {
        entry["file"]: datetime.date.fromisoformat(entry["published_on"]) if entry.get("published_on") else None
        for entry in manifest
    }
    return expected, dates


def test_it_flags_the_canonical_contradictions_of_the_demo_corpus() -> None:
    expected, dates = load()
    for pair in expected["contradictions"]:
        judgement = judge_pair(pair["a_text"], pair["b_text"], date_a=dates[pair["a"]], date_b=dates[pair["b"]])
        assert judgement.relation == Relation.CONTRADICTS, pair["a_text"]
        assert pair["slot"] in {difference.slot for difference in judgement.differences}


def test_it_never_calls_the_year_earlier_report_a_contradiction() -> None:
    expected, dates = load()
    for pair in expected["earlier_report"]["not_a_contradiction_with"]:
        judgement = judge_pair(pair["a_text"], pair["b_text"], date_a=dates[pair["a"]], date_b=dates[pair["b"]])
        assert judgement.relation != Relation.CONTRADICTS, pair["a_text"]


def test_most_same_fact_pairs_of_the_demo_corpus_are_recognised() -> None:
    expected, dates = load()
    pairs = expected["same_fact_pairs"]
    judged = [judge_pair(p["a_text"], p["b_text"], date_a=dates[p["a"]], date_b=dates[p["b"]]) for p in pairs]
    assert all(j.relation != Relation.CONTRADICTS for j in judged)
    # Sentence by sentence, without the same-event context suggest_evidence has, a few rewordings stay "related".
    assert sum(j.relation == Relation.SUPPORTS for j in judged) >= 0.7 * len(pairs)


def test_a_report_that_changes_the_death_toll_is_not_a_rewrite_even_when_it_paraphrases_the_wire():
    # The broadcaster paraphrases several wire sentences but reports 19 dead, not 14: a copy keeps its figures.
    from engine.matching.origin import _facts_disagree

    assert _facts_disagree(
        "At least 14 people died and 37 were hurt when a flash flood washed away the Harrow Street Bridge.",
        "At least 19 people were killed and 37 injured when a flash flood swept away the Harrow Street Bridge.",
    )
    assert not _facts_disagree(
        "Roughly 1,200 residents were moved to two schools and a sports hall.",
        "About 1,200 residents spent the night in two schools and a sports hall.",
    )


def _corpus_doc(key: int, name: str) -> Any:
    from engine.extraction import analyse_sentences, split_sentences
    from engine.matching import ArticleDoc, PassageDoc, load_embedder

    body = (CORPUS / name).read_text(encoding="utf-8")
    sentences = split_sentences(body)
    vectors = load_embedder().encode([s.text for s in sentences])
    analysis = analyse_sentences(body, sentences, embeddings=vectors)
    passages = [
        PassageDoc(
            key=key * 1000 + i, start=s.sentence.start, end=s.sentence.end, text=s.sentence.text, vector=vectors[i]
        )
        for i, s in enumerate(analysis.sentences)
        if s.boilerplate is None
    ]
    _, dates = load()
    return ArticleDoc(key=key, title=name, body=body, published=dates[name], passages=passages)


def test_a_story_about_another_town_in_the_same_province_is_not_the_same_event() -> None:
    from engine.matching import ClaimDoc, suggest_evidence
    from engine.matching.events import main_place, same_event

    fire = _corpus_doc(1, "unrelated-story.txt")
    wire, broadcaster = _corpus_doc(2, "wire-original.txt"), _corpus_doc(3, "broadcaster-update.txt")
    assert (main_place(fire), main_place(wire)) == ("dunmere", "lorvan")
    assert not same_event(fire, wire) and same_event(wire, broadcaster)
    claims = [ClaimDoc(key=p.key, start=p.start, end=p.end, text=p.text, vector=p.vector) for p in fire.passages]
    # "No one was killed" in a warehouse fire does not contradict "14 people were killed" in a flood.
    assert not [s for s in suggest_evidence(claims, fire, [wire, broadcaster]) if s.relation == Relation.CONTRADICTS]
    wire_claims = [ClaimDoc(key=p.key, start=p.start, end=p.end, text=p.text, vector=p.vector) for p in wire.passages]
    assert [s for s in suggest_evidence(wire_claims, wire, [broadcaster]) if s.relation == Relation.CONTRADICTS]
