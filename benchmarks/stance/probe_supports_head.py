"""Would a separate supports head, fitted on the multi-outlet train split, link same-fact pairs better?

A cheap probe before any training run: the shipped stance encoder's pooled features of every train-split pair, both
readings (passage -> claim and claim -> passage), and a logistic "supports vs the rest" head on them, scored by
leave-one-event-out cross-validation (14 events) against the shipped head's own supports reading (the larger of the
two readings' calibrated p(supports), as the pipeline combines them). No dev or test pair is read.

    .venv/bin/python benchmarks/stance/probe_supports_head.py /work/shared/data/benchmarks
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE / "multi_outlet")]

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402
from dataset import load_pairs  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import average_precision_score, precision_recall_curve  # noqa: E402

from engine.models.minilm import softmax  # noqa: E402
from engine.stance.model import load_stance_model  # noqa: E402

STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0)


def best_f1(labels: npt.NDArray[np.int_], scores: npt.NDArray[np.float64]) -> tuple[float, float, float]:
    """The best F1 over every cut, with its precision and recall."""
    precision, recall, _ = precision_recall_curve(labels, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-9)
    best = int(f1.argmax())
    return float(f1[best]), float(precision[best]), float(recall[best])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    args = parser.parse_args()
    pairs = load_pairs(args.data_dir, "train")
    model = load_stance_model()
    claims = [pair["claim"] for pair in pairs]
    passages = [pair["passage"] for pair in pairs]
    encoder = model.head._encoder
    forward = encoder.pooled(passages, claims).numpy()
    backward = encoder.pooled(claims, passages).numpy()
    temperature = model.spec.temperature
    shipped = np.maximum(
        softmax(model.logits(list(zip(claims, passages, strict=True))), temperature)[:, 0],
        softmax(model.logits(list(zip(passages, claims, strict=True))), temperature)[:, 0],
    )
    labels = np.array([pair["label"] == "supports" for pair in pairs], dtype=int)
    events = np.array([pair["event"] for pair in pairs])
    features = np.hstack([forward, backward])
    print(f"{len(pairs)} train pairs, {labels.sum()} supports, {len(set(events))} events")
    f1, precision, recall = best_f1(labels, shipped)
    print(
        f"shipped head: AP {average_precision_score(labels, shipped):.3f}, "
        f"best F1 {f1:.3f} (P {precision:.3f} R {recall:.3f})"
    )
    for strength in STRENGTHS:
        held_out = np.zeros(len(pairs))
        for event in sorted(set(events)):
            test = events == event
            head = LogisticRegression(C=strength, max_iter=3000).fit(features[~test], labels[~test])
            held_out[test] = head.predict_proba(features[test])[:, 1]
        f1, precision, recall = best_f1(labels, held_out)
        print(
            f"new head, C={strength}: AP {average_precision_score(labels, held_out):.3f}, "
            f"best F1 {f1:.3f} (P {precision:.3f} R {recall:.3f})"
        )


if __name__ == "__main__":
    main()
