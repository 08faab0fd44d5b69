"""FNC-1 competition test through the workbench's passage-level decision, beside the model alone on the same sample.

    .venv/bin/python benchmarks/stance/bench_fnc1_passages.py /work/shared/data/benchmarks [--sample 2000] [--json F]

bench_nli.py scores FNC-1 as the published systems do: one reading of the headline against the body's selected
sentences, after a word-overlap screen fitted on FNC-1 train. The workbench never reads a whole body: it splits the
other article into sentences (`engine.extraction.split_sentences`), keeps a claim's `FACTCHECK_STANCE_PAIRS_PER_CLAIM`
most similar sentences (8), and judges each with `engine.matching.pairs.judge_pairs` (both readings, news cuts, fact
rules, refutations, the screen that leaves unrelated passages out). This benchmark asks what a reviewer would see for
the headline as the claim and the body as the other outlet's article, with one body-level answer fixed before any
figure was read (2026-12-02 08:09 UTC; a 40-row smoke run came next, then the full sample):
- **disagree** if any of the body's sentences is judged `contradicts` (a Contradicts card is shown);
- else **agree** if any is judged `supports`;
- else **discuss** if any is judged `related` (shown as context);
- else **unrelated** (the screen left every sentence out: nothing is shown).
The sample is bench_nli.py's hash-chosen one (the first `--sample` rows by `stable_fraction("fnc1:<headline>:<body
id>")`), and the model-alone figures are computed on the same rows in the same run. Test rows are only scored here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
from bench_nli import Scorer, fnc1, fnc_score  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from stance_data import read_fnc1, stable_fraction  # noqa: E402

from engine.extraction import split_sentences  # noqa: E402
from engine.matching.pairs import judge_pairs  # noqa: E402
from engine.models.embedder import load_embedder  # noqa: E402
from engine.stance.model import load_stance_model  # noqa: E402

STANCES = ("agree", "disagree", "discuss", "unrelated")
# The product's candidate limit per claim (settings.FACTCHECK_STANCE_PAIRS_PER_CLAIM's default).
PASSAGES_PER_CLAIM = 8


def body_answer(relations: list[str | None]) -> str:
    if "contradicts" in relations:
        return "disagree"
    if "supports" in relations:
        return "agree"
    if "related" in relations:
        return "discuss"
    return "unrelated"


def scores(truth: list[str], predicted: list[str]) -> dict[str, object]:
    per_class = f1_score(truth, predicted, average=None, labels=list(STANCES), zero_division=0)
    return {
        "fnc_score": round(fnc_score(truth, predicted), 4),
        "macro_f1": round(float(np.mean(per_class)), 4),
        **{f"f1_{stance}": round(float(value), 4) for stance, value in zip(STANCES, per_class, strict=True)},
        "predicted": dict(Counter(predicted)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--sample", type=int, default=2000, help="hash-chosen rows of the competition test (0: all)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    rows = read_fnc1(args.data_dir, "competition_test")
    if args.sample and len(rows) > args.sample:
        rows = sorted(rows, key=lambda r: stable_fraction(f"fnc1:{r.headline}:{r.body_id}"))[: args.sample]
    embedder = load_embedder()
    sentences: dict[str, list[str]] = {}
    vectors: dict[str, np.ndarray] = {}
    for row in rows:
        if row.body_id not in sentences:
            texts = [sentence.text for sentence in split_sentences(row.body)]
            sentences[row.body_id] = texts
            vectors[row.body_id] = embedder.encode(texts)
    headlines = list(dict.fromkeys(row.headline for row in rows))
    headline_vectors = dict(zip(headlines, embedder.encode(headlines), strict=True))
    wanted: list[tuple[str, str]] = []
    spans: list[tuple[int, int]] = []
    for row in rows:
        similarity = vectors[row.body_id] @ headline_vectors[row.headline]
        best = np.argsort(-similarity, kind="stable")[:PASSAGES_PER_CLAIM]
        spans.append((len(wanted), len(wanted) + len(best)))
        wanted.extend((row.headline, sentences[row.body_id][i]) for i in best)
    started = time.perf_counter()
    relations = [judgement.relation for judgement in judge_pairs(wanted)]
    seconds = time.perf_counter() - started
    truth = [row.stance for row in rows]
    predicted = [body_answer([str(r) if r else None for r in relations[a:b]]) for a, b in spans]
    model_alone = fnc1(Scorer(load_stance_model()), args.data_dir, args.sample)
    report = {
        "rows": len(rows),
        "gold": dict(Counter(truth)),
        "passage_pairs_judged": len(wanted),
        "ms_per_passage_pair": round(1000 * seconds / max(1, len(wanted)), 2),
        "workbench_passages": scores(truth, predicted),
        "model_alone_same_rows": {key: model_alone[key] for key in ("rule", "argmax", "unrelated_screen")},
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
