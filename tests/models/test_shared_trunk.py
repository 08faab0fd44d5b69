"""A head that leaves the lower encoder layers as the base model has them reuses the embedder's pass through them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from engine.models import minilm
from engine.models.embedder import build_embedder
from engine.models.minilm import ADAPTED_LINEAR_SUFFIXES, FineTunedHead, HeadMetadata, save_head

HIDDEN = 384
SENTENCES = [
    "The army said 16 people were killed in the attack on Wednesday.",
    "Unemployment fell to 4.1 percent in March, the statistics office said.",
    "Thank you.",
    "Prices rose by 3 percent last year, according to the central bank, which blamed energy costs.",
]
# Longer than the head's 96 tokens: the head truncates it, so its token ids differ from the embedder's.
LONG_SENTENCE = " ".join(["The committee approved the plan after a long debate about costs and timing."] * 12)


def _head_file(path: Path, *, from_layer: int) -> Path:
    rng = np.random.default_rng(7)
    # Shapes (down, up) of each adapted linear layer: the feed-forward block widens to 1,536 and back.
    low_rank = {
        f"encoder.layer.{layer}.{suffix}": (
            rng.normal(0, 0.02, (8, HIDDEN if suffix != "output.dense" else 1536)),
            rng.normal(0, 0.02, (HIDDEN if suffix != "intermediate.dense" else 1536, 8)),
            2.0,
        )
        for layer in range(from_layer, 6)
        for suffix in ADAPTED_LINEAR_SUFFIXES
    }
    save_head(
        path,
        low_rank=low_rank,
        full={f"encoder.layer.{from_layer}.output.LayerNorm.weight": np.full(HIDDEN, 1.05, dtype=np.float32)},
        head_weight=rng.normal(0, 0.2, HIDDEN),
        head_bias=0.1,
        metadata=HeadMetadata(task="checkworthiness", max_length=96, threshold=0.5, extra={}),
    )
    return path


@pytest.fixture
def fresh_store(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(minilm, "_trunk_store", None)
    yield


def test_a_head_adapting_only_the_top_layers_shares_the_layers_below(tmp_path: Path, fresh_store: None) -> None:
    top = FineTunedHead(_head_file(tmp_path / "top.npz", from_layer=4))

    assert top.shared_layers == 4
    store = minilm.current_trunk_store()
    assert store is not None and store.layers == 4


def test_a_head_adapting_every_layer_shares_nothing(tmp_path: Path, fresh_store: None) -> None:
    every = FineTunedHead(_head_file(tmp_path / "every.npz", from_layer=0))

    assert every.shared_layers == 0
    assert minilm.current_trunk_store() is None


def test_scores_from_the_embedders_states_equal_the_heads_own_full_pass(tmp_path: Path, fresh_store: None) -> None:
    head = FineTunedHead(_head_file(tmp_path / "top.npz", from_layer=4))
    texts = [*SENTENCES, LONG_SENTENCE]
    computed_in_full = head.logits(texts)  # nothing embedded yet: every text misses the store
    store = minilm.current_trunk_store()
    assert store is not None and store.hits == 0

    build_embedder("float32").encode(texts)
    from_trunk = head.logits(texts)

    # The four short texts came from the store; the long one is tokenised differently by the head and ran in full.
    assert store.hits == len(SENTENCES)
    np.testing.assert_allclose(from_trunk, computed_in_full, atol=1e-5)


def test_a_text_scores_the_same_alone_and_in_a_batch_of_stored_texts(tmp_path: Path, fresh_store: None) -> None:
    head = FineTunedHead(_head_file(tmp_path / "top.npz", from_layer=4))
    build_embedder("float32").encode(SENTENCES)

    alone = head.logits([SENTENCES[0]])
    batched = head.logits(SENTENCES)

    np.testing.assert_allclose(alone[0], batched[0], atol=1e-5)


def test_keeping_states_for_a_head_does_not_change_the_embedders_vectors(tmp_path: Path, fresh_store: None) -> None:
    plain = build_embedder("float32").encode(SENTENCES)
    FineTunedHead(_head_file(tmp_path / "top.npz", from_layer=4))

    keeping = build_embedder("float32").encode(SENTENCES)

    assert len(minilm.current_trunk_store() or ()) == len(SENTENCES)
    np.testing.assert_allclose(keeping, plain, atol=1e-6)


def test_a_bfloat16_embedder_keeps_no_states_for_a_float32_head(tmp_path: Path, fresh_store: None) -> None:
    head = FineTunedHead(_head_file(tmp_path / "top.npz", from_layer=4))
    computed_in_full = head.logits(SENTENCES)

    build_embedder("bfloat16").encode(SENTENCES)

    store = minilm.current_trunk_store()
    assert store is not None and len(store) == 0
    np.testing.assert_array_equal(head.logits(SENTENCES), computed_in_full)


def test_the_store_forgets_the_least_recently_used_texts_beyond_its_capacity() -> None:
    import torch

    store = minilm.TrunkStore(layers=4, capacity=2)
    store.put([1, 2], torch.zeros(2, 3))
    store.put([3], torch.zeros(1, 3))
    assert store.get([1, 2]) is not None  # now the most recent
    store.put([4], torch.zeros(1, 3))

    assert store.get([3]) is None
    assert store.get([1, 2]) is not None and store.get([4]) is not None
