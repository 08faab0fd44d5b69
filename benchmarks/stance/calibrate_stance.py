"""Calibrate a trained stance head on the held-out dev pairs and ship it as engine/models/weights/stance.{npz,json}.

    .venv/bin/python benchmarks/stance/calibrate_stance.py var/stance/epoch2.npz --run-dir var/stance

Scores the dev pairs that train_stance.py held out (its `dev_pairs.json`) with the head as it ships (merged, through
engine.stance.StanceModel), fits a softmax temperature by minimising the dev negative log-likelihood, then picks the
decision thresholds: the "contradicts" threshold is the one that maximises dev macro-F1 among those whose dev
contradiction precision is at least `--min-contradiction-precision` (a false contradiction shown to a reviewer costs
more than a missed one); the "supports" threshold then maximises macro-F1. No test split is read.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, precision_score, recall_score
from stance_data import SOURCE_LICENCES

from engine.models import WEIGHTS_DIR
from engine.models.minilm import FineTunedHead, softmax
from engine.stance.model import STANCE_LABELS, StanceModel, StanceSpec, decide_from_probabilities

CONTRADICTS = STANCE_LABELS.index("contradicts")
GRID = [round(x, 2) for x in np.arange(0.34, 0.96, 0.01)]


def negative_log_likelihood(logits: np.ndarray, truth: np.ndarray, temperature: float) -> float:
    probabilities = softmax(logits, temperature)
    return float(-np.mean(np.log(probabilities[np.arange(len(truth)), truth] + 1e-12)))


def expected_calibration_error(probabilities: np.ndarray, truth: np.ndarray, bins: int = 10) -> float:
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == truth
    edges = np.linspace(0, 1, bins + 1)
    error = 0.0
    for low, high in itertools.pairwise(edges):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(error)


def scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    called, actual = predicted == CONTRADICTS, truth == CONTRADICTS
    return {
        "macro_f1": float(f1_score(truth, predicted, average="macro", labels=[0, 1, 2])),
        "accuracy": float(np.mean(truth == predicted)),
        "contradicts_precision": float(
            precision_score(truth == CONTRADICTS, predicted == CONTRADICTS, zero_division=0)
        ),
        "contradicts_recall": float(recall_score(actual, called, zero_division=0)),
    }


def decisions(probabilities: np.ndarray, t_contradicts: float, t_supports: float) -> np.ndarray:
    labels = decide_from_probabilities(
        probabilities, contradicts_threshold=t_contradicts, supports_threshold=t_supports
    )
    return np.array([STANCE_LABELS.index(label) for label in labels])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("head", type=Path, help="a head written by train_stance.py (epoch<N>.npz or best.npz)")
    parser.add_argument("--run-dir", type=Path, required=True, help="the train_stance.py --out folder")
    parser.add_argument("--min-contradiction-precision", type=float, default=0.85)
    parser.add_argument("--weights-dir", type=Path, default=WEIGHTS_DIR)
    parser.add_argument("--logits", type=Path, default=None, help="reuse train_stance.py's saved dev logits")
    parser.add_argument("--check-rows", type=int, default=200, help="with --logits: pairs re-scored to check them")
    parser.add_argument("--report", type=Path, default=None, help="write the dev figures as JSON here")
    args = parser.parse_args()

    dev = json.loads((args.run_dir / "dev_pairs.json").read_text(encoding="utf-8"))
    truth = np.array([row[2] for row in dev])
    sources = np.array([row[3] for row in dev])
    provisional = StanceSpec("unused", 1.0, 0.5, 0.5, {})
    model = StanceModel(FineTunedHead(args.head, precision="float32"), provisional)
    claim_passage = [(row[1], row[0]) for row in dev]  # (claim, passage) = (hypothesis, premise)
    if args.logits is None:
        logits = model.logits(claim_passage)
    else:
        # The dev logits train_stance.py saved with this epoch (head columns are STANCE_LABELS order there too).
        # Check on a sample that the shipped, merged head reproduces them before trusting them.
        logits = np.load(args.logits)
        rows = np.random.default_rng(0).choice(len(dev), size=min(args.check_rows, len(dev)), replace=False)
        shipped = model.logits([claim_passage[r] for r in rows])
        gap = float(np.abs(shipped - logits[rows]).max())
        print(f"shipped head vs saved dev logits on {len(rows)} pairs: max |difference| {gap:.4f}")
        if gap > 0.05:
            raise SystemExit("the saved dev logits do not match the shipped head: calibrate without --logits")

    temperatures = np.arange(0.25, 4.01, 0.05)
    temperature = float(min(temperatures, key=lambda t: negative_log_likelihood(logits, truth, t)))
    probabilities = softmax(logits, temperature)
    print(
        f"temperature {temperature:.2f}: dev NLL {negative_log_likelihood(logits, truth, 1.0):.4f} -> "
        f"{negative_log_likelihood(logits, truth, temperature):.4f}, ECE "
        f"{expected_calibration_error(softmax(logits), truth):.4f} -> "
        f"{expected_calibration_error(probabilities, truth):.4f}"
    )

    argmax = scores(truth, probabilities.argmax(axis=1))
    print(f"argmax: {argmax}")
    best: tuple[float, float, float] | None = None
    for t_contradicts in GRID:
        for t_supports in GRID:
            figures = scores(truth, decisions(probabilities, t_contradicts, t_supports))
            if figures["contradicts_precision"] < args.min_contradiction_precision:
                continue
            if best is None or figures["macro_f1"] > best[2]:
                best = (t_contradicts, t_supports, figures["macro_f1"])
    if best is None:
        raise SystemExit(f"no threshold reaches contradiction precision {args.min_contradiction_precision} on dev")
    t_contradicts, t_supports, _ = best
    chosen = decisions(probabilities, t_contradicts, t_supports)
    overall = scores(truth, chosen)
    print(f"thresholds contradicts {t_contradicts} supports {t_supports}: {overall}")
    by_source = {}
    for source in sorted(set(sources)):
        inside = sources == source
        by_source[str(source)] = {
            "pairs": int(inside.sum()),
            **{k: round(v, 4) for k, v in scores(truth[inside], chosen[inside]).items()},
        }
        print(f"  {source:16s} {by_source[str(source)]}")

    head_metadata = model.head.metadata.extra
    args.weights_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(args.head, args.weights_dir / "stance.npz")
    trained_on = head_metadata.get("trained_on_pairs", {})
    spec = StanceSpec(
        head="stance.npz",
        temperature=round(temperature, 4),
        contradicts_threshold=t_contradicts,
        supports_threshold=t_supports,
        provenance={
            "model": "all-MiniLM-L6-v2 + low-rank deltas + 3-class head (engine/models/minilm.py, format 2)",
            "input": "premise = passage, hypothesis = claim",
            "trained_by": "benchmarks/stance/train_stance.py; calibrated by benchmarks/stance/calibrate_stance.py",
            "training": {k: head_metadata[k] for k in ("epoch", "epochs", "learning_rate", "rank", "seed")},
            "trained_on_pairs": trained_on,
            "licences": {source: SOURCE_LICENCES[source] for source in trained_on if source in SOURCE_LICENCES},
            "licence_note": "RTE, Emergent, FNC-1, Climate-FEVER and MRPC carry no licence that clearly allows "
            "shipping derived weights (research use only); SNLI, MNLI and FEVER-Symmetric do (share-alike).",
            "calibrated_on": f"{len(dev)} held-out dev pairs: "
            + ", ".join(f"{k} {v['pairs']}" for k, v in by_source.items()),
            "min_contradiction_precision": args.min_contradiction_precision,
            "dev": {"argmax": {k: round(v, 4) for k, v in argmax.items()}, "decision_rule": by_source},
            "dev_overall": {k: round(v, 4) for k, v in overall.items()},
        },
    )
    (args.weights_dir / "stance.json").write_text(spec.to_json() + "\n", encoding="utf-8")
    print(f"wrote {args.weights_dir / 'stance.npz'} and stance.json")
    if args.report:
        args.report.write_text(json.dumps(spec.provenance, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
