"""ONNX Runtime runs the MiniLM encoders: the same numbers as PyTorch, a text's result its own, a clear load error."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from engine.models import WEIGHTS_DIR, minilm
from engine.models.embedder import EmbeddingModelError, build_embedder
from engine.models.minilm import FineTunedHead, HeadLoadError, PooledEncoder, load_base_model
from engine.models.threads import set_runtime_threads
from engine.stance.model import StanceModel

pytestmark = pytest.mark.slow

# Real-news-shaped sentences of different lengths, so batches hold padded and unpadded rows.
SENTENCES = [
    "The army said 16 people were killed in the attack on Wednesday.",
    "Thank you.",
    "Prices rose by 3 percent last year, according to the central bank, which blamed energy costs.",
    "No injuries were reported.",
    "Police said the bridge had collapsed after days of heavy rain, cutting the only road into the valley.",
    "The company was founded in 2009.",
    "The fire was under control.",  # exactly 8 tokens: a batch of its length has no padding at all
]
PAIRS = [
    ("At least 14 people were killed in the attack, officials said.", "The attack killed at least 14 people."),
    ("Three guards were hurt.", "No injuries were reported."),
    ("The bridge was undamaged, engineers said after inspecting it.", "The bridge collapsed."),
]


@pytest.fixture(scope="module")
def embedders() -> dict[str, object]:
    return {runtime: build_embedder("float32", runtime) for runtime in ("onnx", "torch")}


@pytest.fixture
def fresh_store(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(minilm, "_trunk_store", None)
    yield


def test_onnx_runtime_vectors_equal_pytorch_vectors(embedders: dict[str, object]) -> None:
    tokenizer, _ = load_base_model()
    token_counts = [len(tokenizer(sentence)["input_ids"]) for sentence in SENTENCES]
    # Padded rows and an unpadded one: the traced masking must be right for both.
    assert any(count % minilm.PADDED_LENGTH_STEP for count in token_counts)
    assert any(count % minilm.PADDED_LENGTH_STEP == 0 for count in token_counts)
    onnx, torch = embedders["onnx"], embedders["torch"]
    assert onnx.runtime == "onnx" and torch.runtime == "torch"  # type: ignore[attr-defined]

    from_onnx = onnx.encode(SENTENCES)  # type: ignore[attr-defined]
    from_torch = torch.encode(SENTENCES)  # type: ignore[attr-defined]

    assert np.abs(from_onnx - from_torch).max() < 1e-5
    assert (from_onnx * from_torch).sum(axis=1).min() > 0.99999


def test_a_text_encodes_the_same_alone_as_in_any_batch(embedders: dict[str, object]) -> None:
    onnx = embedders["onnx"]
    together = onnx.encode([*SENTENCES, *SENTENCES[:2] * 20])  # type: ignore[attr-defined]

    for row, sentence in enumerate(SENTENCES):
        np.testing.assert_array_equal(onnx.encode([sentence])[0], together[row])  # type: ignore[attr-defined]
    np.testing.assert_array_equal(together[len(SENTENCES)], together[0])


def test_the_thread_count_changes_nothing_in_a_result() -> None:
    tokenizer, model = load_base_model()
    try:
        set_runtime_threads(1)
        one = PooledEncoder(tokenizer, model, max_length=128, precision="float32", runtime="onnx")
        set_runtime_threads(2)
        two = PooledEncoder(tokenizer, model, max_length=128, precision="float32", runtime="onnx")
    finally:
        set_runtime_threads(None)

    assert (one._onnx.threads, two._onnx.threads) == (1, 2)  # type: ignore[union-attr]
    np.testing.assert_array_equal(one.pooled(SENTENCES).numpy(), two.pooled(SENTENCES).numpy())


def test_the_check_worthiness_head_scores_as_in_pytorch_in_full_and_from_the_embedders_layers(
    fresh_store: None,
) -> None:
    path = WEIGHTS_DIR / "checkworthiness_minilm.npz"
    by_torch = FineTunedHead(path, precision="float32", runtime="torch").logits(SENTENCES)
    head = FineTunedHead(path, precision="float32", runtime="onnx")
    in_full = head.logits(SENTENCES)

    build_embedder("float32", "onnx").encode(SENTENCES)  # leaves the shared lower layers' states
    store = minilm.current_trunk_store()
    assert store is not None and head.shared_layers == store.layers and len(store) == len(SENTENCES)
    hits_before = store.hits
    from_trunk = head.logits(SENTENCES)

    assert store.hits - hits_before == len(SENTENCES)  # the top-layers graph ran, not the whole encoder
    assert np.abs(in_full - by_torch).max() < 1e-4
    assert np.abs(from_trunk - in_full).max() < 1e-5


def test_the_stance_model_reads_pairs_as_in_pytorch() -> None:
    by_onnx = StanceModel.load(precision="float32", runtime="onnx")
    by_torch = StanceModel.load(precision="float32", runtime="torch")

    assert (by_onnx.head.precision, by_onnx.head.runtime) == ("float32", "onnx")
    assert np.abs(by_onnx.logits(PAIRS) - by_torch.logits(PAIRS)).max() < 1e-4
    assert [d.label for d in by_onnx.decide(PAIRS)] == [d.label for d in by_torch.decide(PAIRS)]


def test_bfloat16_runs_in_pytorch_whatever_the_runtime() -> None:
    head = FineTunedHead(WEIGHTS_DIR / "stance.npz", precision="bfloat16", runtime="onnx")

    assert (head.precision, head.runtime) == ("bfloat16", "torch")


def test_a_missing_onnx_runtime_is_a_clear_load_error_naming_the_fix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime now raises ImportError

    with pytest.raises(EmbeddingModelError, match=r"needs onnxruntime and onnx .* FACTCHECK_MODEL_RUNTIME=torch"):
        build_embedder("float32", "onnx")
    with pytest.raises(HeadLoadError, match="needs onnxruntime"):
        FineTunedHead(WEIGHTS_DIR / "stance.npz", precision="float32", runtime="onnx")


def test_an_unknown_runtime_is_refused() -> None:
    tokenizer, model = load_base_model()

    with pytest.raises(ValueError, match="model runtime must be one of onnx, torch, got 'tensorrt'"):
        PooledEncoder(tokenizer, model, max_length=128, precision="float32", runtime="tensorrt")


def test_the_engine_configuration_refuses_an_unknown_runtime_and_defaults_to_pytorch() -> None:
    from engine.config import EngineConfig

    assert EngineConfig().model_runtime == "torch"
    with pytest.raises(ValueError, match="model runtime must be one of onnx, torch, got 'tpu'"):
        EngineConfig(model_runtime="tpu")


def test_onnx_runtime_loads_after_the_vector_index_library() -> None:
    # Some usearch builds carry their own C++ runtime and, loaded first, crash onnxruntime's import (SIGSEGV): the
    # pinned one must not, in the order a worker imports them (the vector index before the first model).
    import subprocess

    completed = subprocess.run(
        [sys.executable, "-c", "import usearch.index; import onnxruntime; print('loaded')"],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.strip() == "loaded"
