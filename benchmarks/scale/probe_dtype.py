"""Why real article vectors are hard to find in a large index: recall@10 by the index's element type and graph width.

    .venv/bin/python benchmarks/scale/fnc1_vectors.py 3000          # every FNC-1 body's article vector (cached)
    .venv/bin/python benchmarks/scale/probe_dtype.py --size 100000 --real 2000

Indexes the same vectors as bench_index_1m.py (`size` synthetic article vectors plus the first `real` FNC-1 ones)
once per configuration (element type i8 / f16 / f32, HNSW connectivity), all in one run, and reports for real and
synthetic queries the recall@10 against exact search of the index's top 10 and of its 200 candidates re-ranked
exactly (what claims.related.related_articles keeps), the search time and the build time. Exact neighbours and
queries are the same for every configuration.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE), str(HERE.parent / "matching")]

import numpy as np  # noqa: E402
from bench_index_1m import synthetic_means  # noqa: E402
from fnc1_vectors import article_vectors  # noqa: E402

from engine.matching import vector_index  # noqa: E402

CANDIDATES = 200


def fitted_filler(real: np.ndarray, size: int, seed: int = 11) -> np.ndarray:
    """`size` unit vectors from a Gaussian with the real vectors' mean and covariance.

    Sentence encoders put every text in a narrow cone (all article vectors share a large common component); isotropic
    filler leaves real vectors as a small island far from everything else, which no real archive is.
    """
    rng = np.random.default_rng(seed)
    mean = real.mean(axis=0)
    centred = (real - mean) / np.sqrt(len(real))  # g @ centred has the real vectors' covariance for g ~ N(0, I)
    chunks = []
    for start in range(0, size, 50_000):
        draws = rng.standard_normal((min(size, start + 50_000) - start, len(real))).astype(np.float32)
        chunk = mean + draws @ centred
        chunks.append(chunk / np.linalg.norm(chunk, axis=1, keepdims=True))
    return np.concatenate(chunks).astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--real", type=int, default=2000, help="how many real FNC-1 article vectors to index")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--configs", nargs="+", default=["i8:16", "f16:16", "f32:16", "i8:32"], help="dtype:connectivity pairs"
    )
    parser.add_argument(
        "--filler",
        choices=("isotropic", "fitted"),
        default="isotropic",
        help="isotropic: bench_scale.py's synthetic event vectors (every direction equally likely); fitted: drawn from "
        "a Gaussian with the mean and covariance of the real FNC-1 article vectors, as an archive of real articles "
        "encoded by one model is",
    )
    parser.add_argument("--out", default=str(HERE / "results_dtype.jsonl"))
    args = parser.parse_args()
    _, real = article_vectors(0)
    real = real[: args.real]
    synthetic = fitted_filler(real, args.size) if args.filler == "fitted" else synthetic_means(args.size)
    vectors = np.concatenate([synthetic, real]).astype(np.float32)
    keys = np.arange(1, len(vectors) + 1)
    rng = np.random.default_rng(3)
    first_real = len(synthetic)
    queries = {
        "real": rng.choice(np.arange(first_real, len(vectors)), min(args.queries, len(real)), replace=False),
        "synthetic": rng.choice(first_real, args.queries, replace=False),
    }
    exact: dict[str, list[set[int]]] = {}
    for name, rows in queries.items():
        exact[name] = []
        for row in rows.tolist():
            scores = vectors @ vectors[row]
            scores[row] = -2.0
            exact[name].append(set((np.argpartition(-scores, 10)[:10] + 1).tolist()))
    empty = vector_index.Delta()
    for spec in args.configs:
        dtype, connectivity = spec.split(":")
        config = vector_index.VectorIndexConfig(dtype=dtype, connectivity=int(connectivity))
        started = time.perf_counter()
        index = vector_index.build(keys.tolist(), vectors, config)
        build_seconds = time.perf_counter() - started
        result: dict[str, object] = {
            "indexed": len(vectors),
            "real_fnc1": len(real),
            "filler": args.filler,
            "dtype": dtype,
            "connectivity": int(connectivity),
            "expansion_search": config.expansion_search,
            "build_s": round(build_seconds, 1),
            "memory_mb_per_million": round(index.memory_usage / len(vectors) * 1e6 / 2**20, 1),
        }
        for name, rows in queries.items():
            raw, reranked, times = [], [], []
            for row, nearest in zip(rows.tolist(), exact[name], strict=True):
                query = vectors[row]
                began = time.perf_counter()
                found = vector_index.search(index, empty, query, CANDIDATES, exclude=[row + 1])
                times.append(time.perf_counter() - began)
                raw.append(len(nearest & set(found[:10])) / 10)
                found_rows = np.array(found) - 1
                best = found_rows[np.argsort(-(vectors[found_rows] @ query))[:10]] + 1
                reranked.append(len(nearest & set(best.tolist())) / 10)
            result[f"recall_at_10_{name}"] = {
                "queries": len(rows),
                "index_top10": round(float(np.mean(raw)), 3),
                "candidates_reranked": round(float(np.mean(reranked)), 3),
                "search_p50_ms": round(1000 * statistics.median(times), 2),
            }
        print(json.dumps(result), flush=True)
        with open(args.out, "a") as handle:
            handle.write(json.dumps(result) + "\n")
        del index


if __name__ == "__main__":
    main()
