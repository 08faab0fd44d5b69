"""The bundled check-worthiness scorer is the fine-tuned MiniLM head, with its tuned threshold folded in."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claims.extraction import CHECKWORTHY_THRESHOLD, CheckworthinessScorer, load_scorer
from claims.extraction.scorer import HEAD_PATH
from claims.minilm import load_head

pytestmark = pytest.mark.slow

DEBATE_LINES = [
    "We have lost 2.5 million manufacturing jobs since this administration took office.",
    "Crime in our cities went up 40 percent last year.",
    "I want to thank the moderators and everyone here tonight.",
    "Let me tell you what I believe in.",
]


def test_the_shipped_head_records_its_training_split_and_threshold() -> None:
    metadata = load_head(HEAD_PATH).metadata

    assert metadata.task == "checkworthiness"
    assert "CT24 train" in metadata.extra["trained_on"]
    assert 0.0 < metadata.threshold < 1.0


def test_a_score_crosses_the_threshold_exactly_where_the_head_does() -> None:
    head = load_head(HEAD_PATH)
    scorer = load_scorer()

    model_scores = scorer.model_scores(DEBATE_LINES)
    head_probabilities = head.probabilities(DEBATE_LINES)

    assert list(model_scores >= CHECKWORTHY_THRESHOLD) == list(head_probabilities >= head.threshold)
    logit_shift = math.log(head.threshold / (1 - head.threshold))
    assert np.allclose(np.log(model_scores / (1 - model_scores)), head.logits(DEBATE_LINES) - logit_shift)


def test_figures_are_check_worthy_and_pleasantries_are_not() -> None:
    assessments = load_scorer().assess(DEBATE_LINES)

    assert [a.checkworthy for a in assessments] == [True, True, False, False]
    assert "number" in " ".join(assessments[0].signals)


def test_a_scorer_takes_exactly_one_model() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        CheckworthinessScorer()


def test_a_sentence_scores_the_same_whatever_else_shares_its_batch() -> None:
    head = load_head(HEAD_PATH)
    alone = [head.logits([text])[0] for text in DEBATE_LINES]

    together = head.logits([*DEBATE_LINES, "A much longer sentence " * 20])[: len(DEBATE_LINES)]

    assert np.allclose(alone, together, atol=1e-4)
