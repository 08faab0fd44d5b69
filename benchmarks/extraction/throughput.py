"""Throughput of the reading stage on real article bodies, next to bare spaCy on the same text in the same run.

    python benchmarks/extraction/throughput.py /work/shared/data/benchmarks [--bodies 60]

Takes the first N bodies of FNC-1's competition_test_bodies.csv (real news; see fnc1/SOURCE.md) and times, each in
this one process, after a warm-up that loads every model:
- `analyse_text` as an upload runs it: splitting, page structure, furniture, MiniLM vectors (the shared pass),
  entities, attribution parse, the check-worthiness model;
- the same without the check-worthiness model's cost (signals, entities, attribution with a zero-weight model):
  the "reading" part alone;
- bare spaCy: `nlp.pipe` over the same bodies with every component the engine loads (tagger, parser, NER), and
  with the recogniser alone.
Sentences per second use one denominator for all rows: the sentences the engine's splitter finds. Both wall and CPU
time (all threads of the process) are printed: on a shared machine CPU time is the comparable one.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from engine.extraction import analyse_text, split_sentences  # noqa: E402
from engine.extraction.features import FEATURE_NAMES  # noqa: E402
from engine.extraction.scorer import CheckworthinessScorer, ScorerWeights, load_scorer  # noqa: E402
from engine.models.spacy_pipeline import load_spacy  # noqa: E402


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _reading_only() -> CheckworthinessScorer:
    # All-zero weights: no model to run, so what is timed is splitting, signals, entities and attribution.
    zero = np.zeros(384)
    return CheckworthinessScorer(
        weights=ScorerWeights(
            embedding_coef=zero,
            feature_coef=np.zeros(len(FEATURE_NAMES)),
            ngram_index={},
            ngram_idf=np.zeros(0),
            ngram_coef=np.zeros(0),
            intercept=0.0,
            ngram_max=2,
            static_coef=zero,
            static_token_weights=np.zeros(0, dtype=np.float32),
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path, help="the shared benchmark folder holding fnc1/")
    parser.add_argument("--bodies", type=int, default=60)
    args = parser.parse_args()
    with (args.data_dir / "fnc1" / "competition_test_bodies.csv").open(encoding="utf-8") as handle:
        bodies = [row["articleBody"] for _, row in zip(range(args.bodies), csv.DictReader(handle), strict=False)]
    sentences = sum(len(split_sentences(body)) for body in bodies)
    scorer = load_scorer()
    reading = _reading_only()
    nlp = load_spacy()
    analyse_text(bodies[0], scorer=scorer)  # warm-up: every model loaded before timing
    list(nlp.pipe(bodies[:2]))

    rows: dict[str, tuple[float, float]] = {}
    rows["engine: analyse_text, shipped scorer"] = _timed(lambda: [analyse_text(b, scorer=scorer) for b in bodies])
    rows["engine: analyse_text, reading only (no model)"] = _timed(
        lambda: [analyse_text(b, scorer=reading) for b in bodies]
    )
    rows["bare spaCy en_core_web_sm: tagger+parser+NER"] = _timed(lambda: list(nlp.pipe(bodies, batch_size=16)))
    with nlp.select_pipes(enable=["ner"]):
        rows["bare spaCy en_core_web_sm: NER only"] = _timed(lambda: list(nlp.pipe(bodies, batch_size=16)))
    report = {
        "bodies": len(bodies),
        "sentences": sentences,
        "load_average_at_end": round(os.getloadavg()[0], 1),
        "rows": {
            name: {
                "wall_s": round(wall, 1),
                "cpu_s": round(cpu, 1),
                "sentences_per_s_wall": round(sentences / wall),
                "sentences_per_s_cpu": round(sentences / cpu),
            }
            for name, (wall, cpu) in rows.items()
        },
    }
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
