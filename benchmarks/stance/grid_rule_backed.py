"""The shipped decision on the multi-outlet dev split over rule-backed and news contradiction cuts (dev only).

    .venv/bin/python benchmarks/stance/grid_rule_backed.py /work/shared/data/benchmarks

Run from a checkout whose engine/models/weights/stance.{npz,json} are the head under test (a scratch worktree for a
candidate head). Supports cut 0.20 unless `--supports-cuts` gives others; every pair is read by the model once. One
JSON line per setting: supports recall, precision and F1, clashes flagged, false clashes, updates and earlier reports
called clashes (RESULTS.md, "Refinement 6 with its own cuts", "Refinement 8").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE), str(HERE / "multi_outlet")]

import bench_multi_outlet  # noqa: E402
from dataset import load_pairs  # noqa: E402

import engine.matching.pairs as pairs_module  # noqa: E402
import engine.stance.decision as decision_module  # noqa: E402
from engine.stance.thresholds import StanceThresholds  # noqa: E402

RULE_BACKED_CUTS = (0.40, 0.50, 0.60)
NEWS_CONTRADICTION_CUTS = (0.80, 0.90)
SUPPORTS_CUTS = (0.20,)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--supports-cuts", type=float, nargs="+", default=list(SUPPORTS_CUTS))
    args = parser.parse_args()
    pairs = load_pairs(args.data_dir, "dev")
    remembering = bench_multi_outlet._RememberingModel()
    pairs_module.load_stance_model = lambda: remembering  # type: ignore[assignment]
    inputs = bench_multi_outlet.inputs_for(pairs)
    settings = [
        (supports_cut, rule_backed, news_cut)
        for supports_cut in args.supports_cuts
        for rule_backed in RULE_BACKED_CUTS
        for news_cut in NEWS_CONTRADICTION_CUTS
    ]
    for supports_cut, rule_backed, news_cut in settings:
        decision_module.RULE_BACKED_CONTRADICTS = rule_backed
        judged = pairs_module.judge_batch(inputs, thresholds=StanceThresholds(supports_cut, news_cut))
        result = bench_multi_outlet.scores(pairs, [judgement.as_dict() for judgement in judged])
        recall, precision = result["supports_recall"] or 0.0, result["supports_precision"] or 0.0
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        row = {
            "supports": supports_cut,
            "rule_backed": rule_backed,
            "news_contradicts": news_cut,
            "supports_recall": round(recall, 3),
            "supports_precision": round(precision, 3),
            "supports_f1": round(f1, 3),
            "contradictions_flagged": result["contradictions_flagged"],
            "false_contradictions": result["false_contradictions"],
            "updates_called_contradicts": result["updates_called_contradicts"],
            "earlier_called_contradicts": result["earlier_called_contradicts"],
        }
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
