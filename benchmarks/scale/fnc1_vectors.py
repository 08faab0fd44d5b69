"""Real article vectors for the recall figure: every FNC-1 body, split and encoded by the shipped MiniLM, meaned.

    .venv/bin/python benchmarks/scale/fnc1_vectors.py   # writes var/bench/fnc1_article_vectors.npz (cached)

An article's vector is what the pipeline stores (engine.matching.vector_index.mean_vector of its sentence vectors;
the pipeline leaves boilerplate sentences out, which FNC-1 bodies barely have).
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

import numpy as np  # noqa: E402

FNC1 = Path("/work/shared/data/benchmarks/fnc1")
CACHE = REPO_ROOT / "var" / "bench" / "fnc1_article_vectors.npz"


def bodies() -> list[tuple[str, str]]:
    """(key, body) for every distinct FNC-1 body, train then competition test."""
    csv.field_size_limit(10_000_000)
    found: list[tuple[str, str]] = []
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with (FNC1 / name).open(encoding="utf-8") as handle:
            found += [(f"{name.split('_')[0]}:{row['Body ID']}", row["articleBody"]) for row in csv.DictReader(handle)]
    return found


def article_vectors(limit: int = 1000) -> tuple[list[str], np.ndarray]:
    """The first `limit` bodies' vectors (train bodies first), from the cache when it holds them."""
    partial = CACHE.with_suffix(".partial.npz")
    if CACHE.exists() or (limit <= 0 and partial.exists()):
        cached = np.load(CACHE if CACHE.exists() else partial)
        return [str(key) for key in cached["keys"]], cached["vectors"]
    from engine.extraction.splitting import split_sentences
    from engine.matching.vector_index import mean_vector
    from engine.models.embedder import load_embedder

    embedder = load_embedder()
    keys: list[str] = []
    vectors: list[np.ndarray] = []
    started = time.perf_counter()
    for number, (key, body) in enumerate(bodies()[:limit]):
        sentences = [sentence.text for sentence in split_sentences(body)]
        mean = mean_vector(embedder.encode(sentences)) if sentences else None
        if mean is not None:
            keys.append(key)
            vectors.append(mean)
        if number % 50 == 0:
            print(f"{number} bodies, {time.perf_counter() - started:.0f} s", flush=True)
            _save(keys, vectors)
    _save(keys, vectors, final=True)
    return keys, np.stack(vectors).astype(np.float32)


def _save(keys: list[str], vectors: list[np.ndarray], *, final: bool = False) -> None:
    """Partial results go beside the cache, so an interrupted run still leaves vectors to measure with."""
    if not vectors:
        return
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    target = CACHE if final else CACHE.with_suffix(".partial.npz")
    np.savez(target, keys=np.array(keys), vectors=np.stack(vectors).astype(np.float32))


if __name__ == "__main__":
    found_keys, found = article_vectors(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    print(f"{len(found_keys)} article vectors, shape {found.shape}, cached in {CACHE}")
