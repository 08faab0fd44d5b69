"""The bundled check-worthiness scorer is the fine-tuned MiniLM head, with its tuned threshold folded in."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.extraction import CHECKWORTHY_THRESHOLD, CheckworthinessScorer, load_scorer
from engine.extraction.scorer import HEAD_PATH
from engine.models.minilm import FineTunedHead, HeadLoadError, load_head, resolve_precision

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
    # The scorer runs the head in float32 (bfloat16 kernels depend on the batch's row count).
    head = FineTunedHead(HEAD_PATH, precision="float32")
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


@pytest.fixture(scope="module", params=["float32", "bfloat16"])
def head_at_each_precision(request: pytest.FixtureRequest) -> FineTunedHead:
    return FineTunedHead(HEAD_PATH, precision=request.param)


def test_a_sentence_scores_the_same_whatever_else_shares_its_batch(head_at_each_precision: FineTunedHead) -> None:
    head = head_at_each_precision
    alone = [head.logits([text])[0] for text in DEBATE_LINES]

    # Longer and shorter batch-mates would change the padding, which moves bfloat16 scores unless designed out.
    together = head.logits([*DEBATE_LINES, "A much longer sentence " * 20, "Yes."])[: len(DEBATE_LINES)]
    shuffled = head.logits([DEBATE_LINES[2], "Thank you.", DEBATE_LINES[0], *DEBATE_LINES[1:2], DEBATE_LINES[3]])

    assert np.allclose(alone, together, atol=1e-5)
    assert np.allclose(alone, shuffled[[2, 3, 0, 4]], atol=1e-5)


def test_bfloat16_and_float32_agree_closely_on_scores_and_decisions() -> None:
    head_float32 = FineTunedHead(HEAD_PATH, precision="float32")
    float32 = head_float32.probabilities(DEBATE_LINES)
    bfloat16 = FineTunedHead(HEAD_PATH, precision="bfloat16").probabilities(DEBATE_LINES)

    assert np.abs(float32 - bfloat16).max() < 0.02
    assert list(float32 >= head_float32.threshold) == list(bfloat16 >= head_float32.threshold)


def test_auto_precision_uses_bfloat16_only_where_the_cpu_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("engine.models.minilm.cpu_has_native_bfloat16", lambda: True)
    assert resolve_precision("auto") == "bfloat16"
    monkeypatch.setattr("engine.models.minilm.cpu_has_native_bfloat16", lambda: False)
    assert resolve_precision("auto") == "float32"
    assert resolve_precision("bfloat16") == "bfloat16"


def test_an_unknown_precision_fails_the_load_with_a_clear_message() -> None:
    with pytest.raises(HeadLoadError, match="model precision must be one of auto, float32, bfloat16, got 'fp8'"):
        FineTunedHead(HEAD_PATH, precision="fp8")
