"""Fit the shipped calibration (engine/models/weights/matching_params.json) on MRPC train and STS-B train only.

.venv/bin/python benchmarks/matching/calibrate.py /work/shared/data/benchmarks --cache-dir /tmp/matching-cache
"""

from __future__ import annotations

import json
from pathlib import Path

import bootstrap  # noqa: F401  (puts the repository root on sys.path)
import numpy as np
from bench_data import LabelledPair, dataset_arguments, embed_cached, read_mrpc, read_stsb
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.preprocessing import StandardScaler
from thresholds import best_f1_threshold

from engine.matching.calibration import PARAMS_PATH
from engine.matching.features import FEATURE_NAMES, pair_features
from engine.matching.text.acronyms import find_acronyms

NEWS_GENRE = "main-news"


def feature_matrix(pairs: list[LabelledPair], cache_dir: Path | None) -> tuple[np.ndarray, np.ndarray]:
    vectors = embed_cached([text for pair in pairs for text in (pair.text_a, pair.text_b)], cache_dir)
    cosines = np.array([float(np.dot(vectors[p.text_a], vectors[p.text_b])) for p in pairs])
    rows = [
        pair_features(p.text_a, p.text_b, cosine, find_acronyms(p.text_a) | find_acronyms(p.text_b))
        for p, cosine in zip(pairs, cosines, strict=True)
    ]
    return np.array(rows, dtype=np.float64), cosines


def best_threshold(scores: np.ndarray, positive: np.ndarray) -> float:
    """The cut that maximises accuracy (ties: the middle of the best plateau)."""
    candidates = np.unique(np.round(scores, 4))
    accuracies = np.array([np.mean((scores >= cut) == positive) for cut in candidates])
    best = np.flatnonzero(accuracies == accuracies.max())
    return float(candidates[best[len(best) // 2]])


def main() -> None:
    parser = dataset_arguments(__doc__)
    parser.add_argument("--out", type=Path, default=PARAMS_PATH)
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength of the logistic regression")
    args = parser.parse_args()

    mrpc = read_mrpc(args.data_dir, "train")
    features, _ = feature_matrix(mrpc, args.cache_dir)
    labels = np.array([pair.label for pair in mrpc]) > 0.5
    scaler = StandardScaler().fit(features)
    scaled = scaler.transform(features)
    model = LogisticRegression(C=args.c, max_iter=2000)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    out_of_fold = cross_val_predict(model, scaled, labels, cv=folds, method="predict_proba")[:, 1]
    # F1 of "same fact" rather than accuracy: evidence that states the claim plus a detail of its own should
    # still count, and MRPC's equivalence labels are stricter than that.
    same_fact_threshold, _ = best_f1_threshold(out_of_fold, labels, decimals=3)
    model.fit(scaled, labels)
    cv_accuracy = float(np.mean((out_of_fold >= same_fact_threshold) == labels))

    stsb = [pair for pair in read_stsb(args.data_dir, "train") if pair.genre == NEWS_GENRE]
    _, sts_cosines = feature_matrix(stsb, args.cache_dir)
    gold = np.array([pair.label for pair in stsb])
    # STS-B 2 = "not equivalent, but share some details" (same topic); 3 = "roughly equivalent, details differ".
    related_cosine = best_threshold(sts_cosines, gold >= 2.0)
    contradiction_cosine = best_threshold(sts_cosines, gold >= 3.0)

    params = {
        "feature_names": list(FEATURE_NAMES),
        "mean": scaler.mean_.tolist(),
        "scale": scaler.scale_.tolist(),
        "coef": model.coef_[0].tolist(),
        "intercept": float(model.intercept_[0]),
        "same_fact_threshold": same_fact_threshold,
        "related_cosine": related_cosine,
        "contradiction_cosine": contradiction_cosine,
        "fitted_on": "MRPC train (4,076 pairs, F1-optimal threshold on 5-fold CV); STS-B train main-news (cosine cuts)",
        "mrpc_train_cv_accuracy": round(cv_accuracy, 4),
    }
    args.out.write_text(json.dumps(params, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in params.items() if k not in {"mean", "scale", "coef"}}, indent=2))
    print(dict(zip(FEATURE_NAMES, np.round(model.coef_[0], 3).tolist(), strict=True)))


if __name__ == "__main__":
    main()
