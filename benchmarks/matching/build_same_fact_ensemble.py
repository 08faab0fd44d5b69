"""Assemble the cross-validated same-fact ensemble from fold members and choose its threshold and cascade margin.

    for k in 0 1 2 3 4; do
        .venv/bin/python benchmarks/matching/train_cross_encoder.py $D --fold $k/5 --out /tmp/same_fact_$k.npz
    done
    .venv/bin/python benchmarks/matching/build_same_fact_ensemble.py $D /tmp/same_fact_{0,1,2,3,4}.npz

Member k was trained on MRPC train minus fold k, with a recipe fixed beforehand (4 epochs, last epoch kept), so its
logits on fold k are out-of-fold. Pooled over the 5 folds, those 4,076 out-of-fold predictions choose the decision
threshold of the averaged logit and estimate one member's accuracy, with a quarter of the noise of a 10% holdout.

The cascade margin is chosen on STS-B train pairs, which no member saw, without their labels: member 0 decides a pair
alone when its logit is at least the margin away from the threshold, and the margin is the smallest for which that
changes at most 0.5% of the full ensemble's decisions. The same pairs, with STS-B's gold score >= 4 as "same fact",
compare one member with the ensemble on data unseen by both (ranking only: ROC AUC, average precision).
Writes the members and engine/models/weights/same_fact.json. MRPC test is never read.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

import bootstrap  # noqa: F401  (puts the repository root on sys.path)
import numpy as np
import numpy.typing as npt
from bench_data import read_mrpc, read_stsb
from sklearn.metrics import average_precision_score, roc_auc_score
from thresholds import best_f1_threshold
from train_cross_encoder import split_fold

from engine.matching.cross_encoder import SAME_FACT_SPEC_PATH, EnsembleSpec, both_orders
from engine.models.minilm import FineTunedHead, threshold_logit

CASCADE_DISAGREEMENT = 0.005
STSB_SAMPLE = 3000
STSB_SAME_FACT_SCORE = 4.0


def cascade_margin(all_logits: npt.NDArray[np.float64], threshold: float) -> tuple[float, float]:
    """Smallest margin (0.05 steps) whose cascade changes at most CASCADE_DISAGREEMENT of the decisions, and the
    share of pairs that then need every member."""
    full = all_logits.mean(axis=0) >= threshold
    first = all_logits[0]
    for margin in np.arange(0.0, 10.0, 0.05):
        undecided = np.abs(first - threshold) < margin
        cascade = np.where(undecided, full, first >= threshold)
        if np.mean(cascade != full) <= CASCADE_DISAGREEMENT:
            return round(float(margin), 2), float(np.mean(undecided))
    raise SystemExit("no margin keeps the cascade close to the full ensemble")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("members", type=Path, nargs="+", help="member k held out fold k (in this order)")
    parser.add_argument("--out-dir", type=Path, default=SAME_FACT_SPEC_PATH.parent)
    args = parser.parse_args()
    folds = len(args.members)
    heads = [FineTunedHead(path, precision="auto") for path in args.members]
    for fold, head in enumerate(heads):
        expected = f"fold {fold} of a stratified {folds}-way split"
        if expected not in str(head.metadata.extra.get("trained_on", "")):
            raise SystemExit(f"{head.path} was not trained with --fold {fold}/{folds}")

    mrpc = read_mrpc(args.data_dir, "train")
    out_of_fold: list[float] = []
    truth: list[bool] = []
    per_fold = []
    for fold, head in enumerate(heads):
        _, held_out = split_fold(mrpc, fold, folds)
        logits = both_orders(head, [(p.text_a, p.text_b) for p in held_out])
        labels = np.array([p.label > 0.5 for p in held_out])
        per_fold.append(round(best_f1_threshold(1 / (1 + np.exp(-logits)), labels, decimals=2)[1], 4))
        out_of_fold += logits.tolist()
        truth += labels.tolist()
    oof = np.array(out_of_fold)
    oof_truth = np.array(truth)
    threshold_probability, oof_f1 = best_f1_threshold(1 / (1 + np.exp(-oof)), oof_truth, decimals=2)
    threshold = threshold_logit(threshold_probability)
    oof_accuracy = float(np.mean((oof >= threshold) == oof_truth))
    print(f"out-of-fold, one member per pair: F1 {oof_f1:.4f}, accuracy {oof_accuracy:.4f} at {threshold_probability}")
    print(f"best F1 within each fold: {per_fold}")

    stsb = read_stsb(args.data_dir, "train")
    stsb = random.Random(0).sample(stsb, min(STSB_SAMPLE, len(stsb)))
    stsb_logits = np.stack([both_orders(head, [(p.text_a, p.text_b) for p in stsb]) for head in heads])
    same = np.array([p.label >= STSB_SAME_FACT_SCORE for p in stsb])
    ranking = {
        "one member (mean over members)": {
            "roc_auc": float(np.mean([roc_auc_score(same, row) for row in stsb_logits])),
            "average_precision": float(np.mean([average_precision_score(same, row) for row in stsb_logits])),
        },
        "ensemble": {
            "roc_auc": float(roc_auc_score(same, stsb_logits.mean(axis=0))),
            "average_precision": float(average_precision_score(same, stsb_logits.mean(axis=0))),
        },
    }
    print(f"STS-B train sample ({len(stsb)} pairs, gold >= {STSB_SAME_FACT_SCORE} as same fact): {json.dumps(ranking)}")
    margin, full_share = cascade_margin(stsb_logits, threshold)
    print(f"cascade margin {margin}: {full_share:.1%} of STS-B pairs need every member")

    args.out_dir.mkdir(parents=True, exist_ok=True)
    names = []
    for fold, path in enumerate(args.members):
        name = f"same_fact_{fold}.npz"
        shutil.copyfile(path, args.out_dir / name)
        names.append(name)
    spec = EnsembleSpec(
        members=tuple(names),
        threshold=threshold_probability,
        cascade_margin=margin,
        extra={
            "trained_on": f"MRPC train, {folds}-fold cross-validation: member k never saw fold k",
            "out_of_fold_f1": round(oof_f1, 4),
            "out_of_fold_accuracy": round(oof_accuracy, 4),
            "per_fold_best_f1": per_fold,
            "stsb_ranking": {key: {m: round(v, 4) for m, v in value.items()} for key, value in ranking.items()},
            "cascade_full_share_on_stsb": round(full_share, 4),
        },
    )
    (args.out_dir / SAME_FACT_SPEC_PATH.name).write_text(spec.to_json() + "\n", encoding="utf-8")
    print(f"wrote {len(names)} members and {SAME_FACT_SPEC_PATH.name} to {args.out_dir}")


if __name__ == "__main__":
    main()
