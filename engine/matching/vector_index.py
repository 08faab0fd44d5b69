"""Nearest stored articles by mean passage vector: an HNSW snapshot on disk plus the changes made since it.

The snapshot is a usearch HNSW graph with int8-quantised vectors, saved to a file and memory-mapped read-only by
every process that searches it, so several workers share one copy in the page cache. Articles added, changed or
removed after the snapshot sit in a small in-memory `Delta` searched exactly; a search merges both and drops
snapshot entries the delta overrides. `compacted` folds a delta into a new snapshot (load, remove, add, save)
without reading the archive again; `build` makes one from scratch. Scores here only choose candidates: the caller
re-ranks them with the exact float32 vectors it stores, so quantisation never decides a match.

No database and no locking here: the Django side (articles/vector_index.py) decides when to catch up, where the
files live and who may write them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
from usearch.index import Index

from engine.matching.types import Vector
from engine.models.embedder import EMBEDDING_DIMENSIONS

# Part of the snapshot's identity: a snapshot written under another format is rebuilt, never read.
INDEX_FORMAT = 1


@dataclass(frozen=True, slots=True)
class VectorIndexConfig:
    """HNSW parameters; `expansion_search` trades time for recall (see benchmarks/scale/RESULTS)."""

    connectivity: int = 16
    expansion_add: int = 128
    expansion_search: int = 512
    dtype: str = "i8"
    threads: int = 0  # 0: every core, for builds; searches are single queries

    def describe(self) -> dict[str, int | str]:
        return {
            "format": INDEX_FORMAT,
            "connectivity": self.connectivity,
            "expansion_add": self.expansion_add,
            "dtype": self.dtype,
            "ndim": EMBEDDING_DIMENSIONS,
        }


def mean_vector(passage_vectors: npt.NDArray[np.float32]) -> Vector | None:
    """Normalised mean of passage vectors: the article's position in embedding space."""
    if len(passage_vectors) == 0:
        return None
    mean = np.asarray(passage_vectors, dtype=np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else None


def _empty(config: VectorIndexConfig) -> Index:
    return Index(
        ndim=EMBEDDING_DIMENSIONS,
        metric="cos",  # int8 inner products come back unscaled; the cosine metric returns 1 - cosine
        dtype=config.dtype,
        connectivity=config.connectivity,
        expansion_add=config.expansion_add,
        expansion_search=config.expansion_search,
    )


def build(keys: Sequence[int], vectors: npt.NDArray[np.float32], config: VectorIndexConfig) -> Index:
    """A fresh in-memory HNSW index of `vectors` under `keys`."""
    index = _empty(config)
    if len(keys):
        index.add(np.asarray(keys, dtype=np.uint64), np.asarray(vectors, dtype=np.float32), threads=config.threads)
    return index


def save(index: Index, path: Path) -> None:
    index.save(str(path))


def open_view(path: Path, config: VectorIndexConfig) -> Index:
    """Memory-map a saved snapshot read-only: processes share its pages instead of each holding a copy."""
    index = Index.restore(str(path), view=True)
    if index is None or index.ndim != EMBEDDING_DIMENSIONS:
        raise ValueError(f"{path} is not a {EMBEDDING_DIMENSIONS}-d vector index")
    index.expansion_search = config.expansion_search  # type: ignore[misc]  # the stub misses the setter
    return index


@dataclass(slots=True)
class Delta:
    """Changes since a snapshot: current vectors of changed articles, and keys that are no longer searchable."""

    vectors: dict[int, Vector] = field(default_factory=dict)
    removed: set[int] = field(default_factory=set)
    _matrix: tuple[list[int], npt.NDArray[np.float32]] | None = None

    def put(self, key: int, vector: Vector) -> None:
        self.vectors[key] = np.asarray(vector, dtype=np.float32)
        self.removed.discard(key)
        self._matrix = None

    def drop(self, key: int) -> None:
        self.vectors.pop(key, None)
        self.removed.add(key)
        self._matrix = None

    def overrides(self, key: int) -> bool:
        return key in self.vectors or key in self.removed

    def __len__(self) -> int:
        return len(self.vectors) + len(self.removed)

    def search(self, vector: Vector, count: int) -> list[tuple[int, float]]:
        if not self.vectors or count <= 0:
            return []
        if self._matrix is None:
            keys = list(self.vectors)
            self._matrix = (keys, np.stack([self.vectors[key] for key in keys]))
        keys, matrix = self._matrix
        scores = matrix @ np.asarray(vector, dtype=np.float32)
        top = np.argsort(-scores)[:count]
        return [(keys[i], float(scores[i])) for i in top.tolist()]


def search(snapshot: Index | None, delta: Delta, vector: Vector, count: int, exclude: Iterable[int] = ()) -> list[int]:
    """Keys of the `count` nearest searchable articles, nearest first (approximate in the snapshot, exact in delta)."""
    excluded = set(exclude)
    found: list[tuple[int, float]] = []
    if snapshot is not None and len(snapshot):
        # Overfetch so entries the delta overrides (and the excluded ones) do not leave the answer short.
        wanted = min(len(snapshot), count + len(excluded) + min(len(delta), count) + 8)
        matches = snapshot.search(np.asarray(vector, dtype=np.float32), wanted)
        for key, distance in zip(matches.keys.tolist(), matches.distances.tolist(), strict=True):
            if not delta.overrides(key):
                found.append((int(key), 1.0 - float(distance)))  # usearch "cos" distance is 1 - cosine
    found += delta.search(vector, count + len(excluded))
    found.sort(key=lambda pair: -pair[1])
    keys: list[int] = []
    for key, _ in found:
        if key not in excluded and key not in keys:
            keys.append(key)
            if len(keys) == count:
                break
    return keys


def compacted(snapshot_path: Path | None, delta: Delta, config: VectorIndexConfig) -> Index:
    """The snapshot with the delta folded in, as a new in-memory index (the old file is left untouched)."""
    index = _empty(config)
    if snapshot_path is not None:
        index.load(str(snapshot_path))
        index.expansion_search = config.expansion_search  # type: ignore[misc]  # the stub misses the setter
    stale = [key for key in (*delta.removed, *delta.vectors) if index.contains(key)]
    if stale:
        index.remove(np.asarray(stale, dtype=np.uint64))
    if delta.vectors:
        keys = list(delta.vectors)
        index.add(
            np.asarray(keys, dtype=np.uint64), np.stack([delta.vectors[key] for key in keys]), threads=config.threads
        )
    return index
