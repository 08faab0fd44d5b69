"""A sentence's assessment (model score, entities, attribution, reported-fact floor) is the same alone or in a batch."""

from __future__ import annotations

from dataclasses import replace

import pytest

from engine.extraction import load_scorer

pytestmark = pytest.mark.slow

NEWS = [
    "At least 14 people were killed when the bridge collapsed on Tuesday, the regional governor said.",
    "The military has attacked both groups.",
    "Military spokesman Ahmed Asiri said the Houthis had retreated from Aden.",
    "Unemployment fell to 4.1 percent in March, the lowest level since 2001.",
    "Thank you all for coming tonight.",
    "“We will rebuild,” she said.",
]


def test_the_shipped_scorer_gives_a_sentence_the_same_assessment_alone_or_among_others() -> None:
    scorer = load_scorer()
    together = scorer.assess(NEWS * 3)
    alone = [scorer.assess([text])[0] for text in NEWS] * 3
    # Scores are rounded to 4 places; a last-bit difference between batchings may move that rounding by 1e-4.
    assert [replace(a, score=0.0) for a in together] == [replace(a, score=0.0) for a in alone]
    assert all(abs(a.score - b.score) <= 1e-4 for a, b in zip(together, alone, strict=True))


def test_a_casualty_figure_ranks_above_a_vague_statement() -> None:
    scores = [a.score for a in load_scorer().assess(NEWS)]
    assert scores[0] > scores[1]
    assert scores[0] >= 0.5 > scores[4]
