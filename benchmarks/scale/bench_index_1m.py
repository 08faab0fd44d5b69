"""The vector index alone at a million article vectors: build time, size, search time, recall@10 against exact search.

    .venv/bin/python benchmarks/scale/bench_index_1m.py --size 1000000

No database: the same synthetic mean vectors bench_scale.py stores (filler_means over synthetic.Archive) plus the
real FNC-1 article vectors (fnc1_vectors.py), indexed with the shipped configuration
(engine.matching.vector_index.VectorIndexConfig), saved, and memory-mapped back the way every process opens it.
Recall@10: real and synthetic article vectors as queries, their exact 10 nearest among everything indexed (numpy)
against the index's top 10, and against the top 10 of its 200 candidates re-ranked exactly (what
claims.related.related_articles keeps). Use it where bench_scale.py's full database run at 1M does not fit the time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE), str(HERE.parent / "matching")]

import numpy as np  # noqa: E402
from bench_scale import filler_means  # noqa: E402
from fnc1_vectors import article_vectors  # noqa: E402
from synthetic import Archive  # noqa: E402

from engine.matching import vector_index  # noqa: E402


def synthetic_means(size: int) -> np.ndarray:
    """bench_scale.py's `size` synthetic article vectors (deterministic), drawn 50,000 at a time."""
    archive = Archive(size)
    return np.concatenate([filler_means(archive, start, min(size, start + 50_000)) for start in range(0, size, 50_000)])


def indexed_vectors(size: int) -> tuple[np.ndarray, np.ndarray]:
    """The `size` synthetic article vectors followed by the real FNC-1 ones (deterministic), and the real ones."""
    synthetic = synthetic_means(size)
    _, real = article_vectors(0)
    return np.concatenate([synthetic, real]).astype(np.float32), real


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--out", default=str(HERE / "results_index_1m.jsonl"))
    args = parser.parse_args()
    started = time.perf_counter()
    vectors, real = indexed_vectors(args.size)
    keys = np.arange(1, len(vectors) + 1)
    generated = time.perf_counter() - started
    config = vector_index.VectorIndexConfig()
    started = time.perf_counter()
    index = vector_index.build(keys.tolist(), vectors, config)
    build_seconds = time.perf_counter() - started
    path = Path(os.environ.get("FACTCHECK_VAR_DIR", HERE.parents[1] / "var")) / "bench" / "index_1m.usearch"
    path.parent.mkdir(parents=True, exist_ok=True)
    vector_index.save(index, path)
    in_memory = index.memory_usage
    del index
    view = vector_index.open_view(path, config)
    rng = np.random.default_rng(3)
    real_rows = np.arange(len(vectors) - len(real), len(vectors))[: args.queries]
    synthetic_rows = rng.choice(len(vectors) - len(real), args.queries, replace=False)
    empty = vector_index.Delta()
    result: dict[str, object] = {
        "indexed": len(vectors),
        "real_fnc1": len(real),
        "config": config.describe(),
        "vectors_generated_s": round(generated, 1),
        "build_s": round(build_seconds, 1),
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "file_mb_per_million": round(path.stat().st_size / len(vectors) * 1e6 / 2**20, 1),
        "in_memory_mb_while_building": round(in_memory / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    for name, rows in (("real_fnc1", real_rows), ("synthetic", synthetic_rows)):
        raw, reranked, times = [], [], []
        for row in rows.tolist():
            query = vectors[row]
            scores = vectors @ query
            scores[row] = -2.0
            exact = set((np.argpartition(-scores, 10)[:10] + 1).tolist())
            began = time.perf_counter()
            found = vector_index.search(view, empty, query, 200, exclude=[row + 1])
            times.append(time.perf_counter() - began)
            raw.append(len(exact & set(found[:10])) / 10)
            found_rows = np.array(found) - 1
            best = found_rows[np.argsort(-scores[found_rows])[:10]] + 1
            reranked.append(len(exact & set(best.tolist())) / 10)
        ordered = sorted(times)
        result[f"recall_at_10_{name}"] = {
            "queries": len(rows),
            "index_top10": round(float(np.mean(raw)), 3),
            "index_candidates_reranked": round(float(np.mean(reranked)), 3),
            "search_200_p50_ms": round(1000 * statistics.median(ordered), 2),
            "search_200_p95_ms": round(1000 * ordered[round(0.95 * (len(ordered) - 1))], 2),
        }
    result["load_average"] = os.getloadavg()
    print(json.dumps(result, indent=2), flush=True)
    with open(args.out, "a") as handle:
        handle.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
