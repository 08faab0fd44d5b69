"""Tune heads over the shared MiniLM vectors on the late debates of CT24 train (the shipping rule in RESULTS.md).

    python benchmarks/checkworthiness/tune_shared_head.py DATA_DIR --cache-dir /tmp/cw_cache

Fits on train ids < 30,000, scores the late debates (ids >= 30,000) and dev, for: the logistic dense part alone,
a one-hidden-layer MLP over [vector, signal features], each blended with a TF-IDF 1-2-gram logistic model.
Prints the best late-debates F1(Yes) per candidate with its threshold. Test splits are not read.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from ct24 import embed, f1_yes, load_split
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from train import LATE_DEBATES_FROM_ID, best_threshold, signal_features

BLEND_GRID = tuple(round(x * 0.1, 1) for x in range(11))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args()
    train = load_split(args.data_dir, "train")
    dev = load_split(args.data_dir, "dev")
    dense = np.hstack([embed(train.texts, args.cache_dir), signal_features(train.texts, args.cache_dir)])
    dev_dense = np.hstack([embed(dev.texts, args.cache_dir), signal_features(dev.texts, args.cache_dir)])
    late = np.array([int(i) >= LATE_DEBATES_FROM_ID for i in train.ids])
    early = ~late
    y = train.labels
    texts = np.array(train.texts, dtype=object)
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, dtype=np.float64)
    early_ngrams = vectorizer.fit_transform(texts[early])
    ngram = LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000).fit(early_ngrams, y[early])
    ngram_late = ngram.decision_function(vectorizer.transform(texts[late]))
    ngram_dev = ngram.decision_function(vectorizer.transform(dev.texts))
    print(
        f"early {early.sum()} late {late.sum()} ({int(y[late].sum())} Yes); TF-IDF alone late "
        f"{best_threshold(y[late], ngram_late)}"
    )

    candidates: dict[str, object] = {}
    for c in (0.3, 1.0, 3.0):
        candidates[f"logistic C={c}"] = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    # One MLP only: the machine is shared (2 cores, load ~15), a grid would not finish in time.
    candidates["mlp h=256 alpha=0.01"] = MLPClassifier(
        hidden_layer_sizes=(256,),
        alpha=1e-2,
        max_iter=30,
        early_stopping=False,
        random_state=0,
        batch_size=256,
        learning_rate_init=1e-3,
    )
    # The MLP has no class weights: balance by repeating the positives (~3x fewer) once more.
    positives = np.flatnonzero(early & (y == 1))
    for name, model in candidates.items():
        started = time.perf_counter()
        if name.startswith("mlp"):
            rows = np.concatenate([np.flatnonzero(early), positives, positives])
            model.fit(dense[rows], y[rows])  # type: ignore[attr-defined]
            proba_late = np.clip(model.predict_proba(dense[late])[:, 1], 1e-6, 1 - 1e-6)  # type: ignore[attr-defined]
            proba_dev = np.clip(model.predict_proba(dev_dense)[:, 1], 1e-6, 1 - 1e-6)  # type: ignore[attr-defined]
            logit_late, logit_dev = np.log(proba_late / (1 - proba_late)), np.log(proba_dev / (1 - proba_dev))
        else:
            model.fit(dense[early], y[early])  # type: ignore[attr-defined]
            logit_late = model.decision_function(dense[late])  # type: ignore[attr-defined]
            logit_dev = model.decision_function(dev_dense)  # type: ignore[attr-defined]
        best = max(
            ((*best_threshold(y[late], b * logit_late + (1 - b) * ngram_late), b) for b in BLEND_GRID),
            key=lambda row: row[0],
        )
        f1, threshold, blend = best
        dev_logits = blend * logit_dev + (1 - blend) * ngram_dev
        dev_f1 = f1_yes(dev.labels, 1 / (1 + np.exp(-dev_logits)) >= threshold)
        alone = best_threshold(y[late], logit_late)
        print(
            f"{name:<28} late F1 {f1:.4f} (blend {blend}, threshold {threshold}); alone {alone[0]:.4f}; "
            f"dev F1 at that threshold {dev_f1:.4f}  [{time.perf_counter() - started:.0f}s]",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
