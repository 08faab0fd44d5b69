"""Recall and search time of the 1M snapshot saved by bench_index_1m.py at several HNSW `expansion_search` values.

    .venv/bin/python benchmarks/scale/bench_index_1m.py --size 1000000   # builds var/bench/index_1m.usearch
    .venv/bin/python benchmarks/scale/probe_expansion.py

Regenerates the same vectors (deterministic), opens the saved snapshot, and for 60 real FNC-1 and 60 synthetic
queries reports recall@10 against exact search (raw, and after re-ranking the 200 candidates exactly), the share of
the re-ranked top 10 scoring within 0.01 cosine of the exact 10th (ties), the p95 search time, and where the exact
neighbours of a query lie (the share that are real FNC-1 vectors). The first setting also pays the snapshot's page
faults, so its time is pessimistic.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE), str(HERE.parent / "matching")]

import numpy as np  # noqa: E402
from bench_index_1m import indexed_vectors  # noqa: E402

from engine.matching import vector_index  # noqa: E402

SIZE = 1_000_000


def main() -> None:
    vectors, real = indexed_vectors(SIZE)  # the vectors bench_index_1m.py indexed
    path = HERE.parents[1] / "var" / "bench" / "index_1m.usearch"
    rng = np.random.default_rng(3)
    first_real = len(vectors) - len(real)
    queries = {"real": np.arange(first_real, len(vectors))[:60], "synthetic": rng.choice(first_real, 60, replace=False)}
    for expansion in (128, 512, 2048):
        view = vector_index.open_view(path, vector_index.VectorIndexConfig(expansion_search=expansion))
        for name, rows in queries.items():
            raw, reranked, within, times, real_share, gaps = [], [], [], [], [], []
            for row in rows.tolist():
                query = vectors[row]
                scores = vectors @ query
                scores[row] = -2.0
                top = np.argpartition(-scores, 10)[:10]
                exact = set((top + 1).tolist())
                tenth = np.sort(scores[top])[0]
                began = time.perf_counter()
                found = vector_index.search(view, vector_index.Delta(), query, 200, exclude=[row + 1])
                times.append(time.perf_counter() - began)
                raw.append(len(exact & set(found[:10])) / 10)
                found_rows = np.array(found) - 1
                best = found_rows[np.argsort(-scores[found_rows])[:10]]
                reranked.append(len(exact & set((best + 1).tolist())) / 10)
                within.append(float(np.mean(scores[best] >= tenth - 0.01)))
                real_share.append(float(np.mean(top >= first_real)))
                ordered = np.sort(scores)[::-1]
                gaps.append(float(ordered[9] - ordered[49]))
            print(
                f"expansion {expansion} {name}: recall@10 {np.mean(raw):.3f}, re-ranked {np.mean(reranked):.3f}, "
                f"within 0.01 {np.mean(within):.3f}, p95 {1000 * sorted(times)[int(0.95 * (len(times) - 1))]:.2f} ms, "
                f"exact neighbours real {np.mean(real_share):.2f}, 10th-50th score gap {statistics.median(gaps):.4f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
