"""Fine-tune the MiniLM check-worthiness head (engine/models/weights/checkworthiness_minilm.npz) on CT24 train.

    .venv/bin/python benchmarks/checkworthiness/train_transformer.py \
        /work/shared/data/benchmarks/checkthat2023-2024-task1-en

Same protocol as train.py: sentence ids follow debate dates and the test sets are newer debates, so the model is
trained on train ids < 30,000 and the latest debates of train (ids >= 30,000) pick the epoch and the decision
threshold. dev is reported for reference only; dev-test and test are never read here. ~25 minutes on 2 cores.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from ct24 import f1_yes, load_split

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from minilm_training import Example, config_from, fine_tune, training_arguments, training_record, write_head
from thresholds import best_f1_threshold

from engine.extraction.scorer import HEAD_PATH
from engine.models.minilm import FineTunedHead, HeadMetadata

LATE_DEBATES_FROM_ID = 30_000


def main() -> int:
    parser = training_arguments(__doc__, out=HEAD_PATH, epochs=3, batch_size=32, max_length=96)
    parser.add_argument(
        "--with-dev",
        action="store_true",
        help="also train on dev (ClaimBuster's expert-labelled groundtruth, older debates than the late holdout)",
    )
    args = parser.parse_args()

    train_split = load_split(args.data_dir, "train")
    late = np.array([int(i) >= LATE_DEBATES_FROM_ID for i in train_split.ids])
    examples = [
        Example(text, None, int(label)) for text, label in zip(train_split.texts, train_split.labels, strict=True)
    ]
    train = [example for example, is_late in zip(examples, late, strict=True) if not is_late]
    holdout = [example for example, is_late in zip(examples, late, strict=True) if is_late]
    holdout_labels = train_split.labels[late]
    if args.with_dev:
        dev_split = load_split(args.data_dir, "dev")
        held_out_texts = {example.text_a for example in holdout}
        train += [
            Example(text, None, int(label))
            for text, label in zip(dev_split.texts, dev_split.labels, strict=True)
            if text not in held_out_texts
        ]
    config = config_from(args)
    print(f"train {len(train)} sentences, late-debates holdout {len(holdout)} ({int(holdout_labels.sum())} Yes)")

    def holdout_f1(logits: np.ndarray) -> float:
        return best_f1_threshold(1.0 / (1.0 + np.exp(-logits)), holdout_labels == 1, decimals=2)[1]

    snapshot, epoch, score = fine_tune(train, config, holdout_f1, holdout)
    write_head(args.out, snapshot, HeadMetadata("checkworthiness", config.max_length, 0.5, {}))
    head = FineTunedHead(args.out)  # the shipped head (merged weights) picks the threshold
    threshold, f1 = best_f1_threshold(head.probabilities([e.text_a for e in holdout]), holdout_labels == 1, decimals=2)
    dev = load_split(args.data_dir, "dev")
    dev_f1 = f1_yes(dev.labels, head.probabilities(dev.texts) >= threshold)
    metadata = HeadMetadata(
        task="checkworthiness",
        max_length=config.max_length,
        threshold=threshold,
        extra={
            "trained_on": f"CT24 train ids < {LATE_DEBATES_FROM_ID}"
            + (" and dev" if args.with_dev else "")
            + "; epoch and threshold from train ids >= it",
            **training_record(config, epoch),
            "late_debates_f1": round(f1, 4),
            "dev_f1": round(dev_f1, 4),
        },
    )
    write_head(args.out, snapshot, metadata)
    print(f"best epoch {epoch} (holdout F1 {score:.4f}); shipped head: late-debates F1 {f1:.4f}, dev F1 {dev_f1:.4f}")
    print(f"threshold {threshold} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
