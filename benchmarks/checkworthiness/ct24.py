"""Load the CheckThat! 2024 English check-worthiness splits (read-only, from the path given on the command line)."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

SPLITS = ("train", "dev", "dev-test", "test_gold")


@dataclass(frozen=True, slots=True)
class Split:
    name: str
    ids: list[str]
    texts: list[str]
    labels: npt.NDArray[np.int64]


def load_split(data_dir: Path, name: str) -> Split:
    path = data_dir / f"CT24_checkworthy_english_{name}.tsv"
    ids: list[str] = []
    texts: list[str] = []
    labels: list[int] = []
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        fields = line.split("\t")
        # One train row holds two rows glued together ("No29286"): split it back instead of dropping both.
        while len(fields) >= 3:
            row_id, text, label = fields[0], fields[1], fields[2]
            glued_id = label[3:] if label.startswith("Yes") else label[2:]
            label = label[:3] if label.startswith("Yes") else label[:2]
            ids.append(row_id)
            texts.append(_unquote(text))
            labels.append(1 if label == "Yes" else 0)
            fields = [glued_id, *fields[3:]] if glued_id else []
    return Split(name, ids, texts, np.array(labels, dtype=np.int64))


def _unquote(text: str) -> str:
    # The TSVs keep CSV quoting: a field with commas is wrapped in quotes and inner quotes are doubled.
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        return text[1:-1].replace('""', '"')
    return text


def embed(texts: list[str], cache_dir: Path | None) -> npt.NDArray[np.float32]:
    """MiniLM vectors via the shared embedder, cached by content hash so reruns skip the slow part."""
    key = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    cached = cache_dir / f"minilm-{key}.npy" if cache_dir else None
    if cached is not None and cached.exists():
        vectors: npt.NDArray[np.float32] = np.load(cached)
        return vectors
    from engine.models.embedder import load_embedder

    vectors = load_embedder().encode(texts)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.save(cached, vectors)
    return vectors


def f1_yes(labels: npt.NDArray[np.int64], predicted: npt.NDArray[np.bool_]) -> float:
    true_positive = int(np.sum((labels == 1) & predicted))
    predicted_positive = int(np.sum(predicted))
    actual_positive = int(np.sum(labels == 1))
    if true_positive == 0:
        return 0.0
    precision = true_positive / predicted_positive
    recall = true_positive / actual_positive
    return 2 * precision * recall / (precision + recall)
