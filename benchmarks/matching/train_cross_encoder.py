"""Fine-tune the MiniLM same-fact cross-encoder (claims/matching/weights/same_fact.npz) on MRPC train only.

    .venv/bin/python benchmarks/matching/train_cross_encoder.py /work/shared/data/benchmarks

A stratified 10% of MRPC train (seed 0) is held out: it picks the epoch and the F1-optimal decision threshold.
The test split is never read. Takes ~10-15 minutes on 2 CPU cores.
"""

from __future__ import annotations

import random

import bootstrap  # noqa: F401  (puts the repository root on sys.path)
import numpy as np
from bench_data import LabelledPair, read_mrpc, read_stsb
from minilm_training import Example, config_from, fine_tune, training_arguments, training_record, write_head
from thresholds import best_f1_threshold

from claims.matching.cross_encoder import SAME_FACT_HEAD_PATH
from claims.minilm import FineTunedHead, HeadMetadata

HOLDOUT_FRACTION = 0.1


def split_holdout(pairs: list[LabelledPair], seed: int) -> tuple[list[LabelledPair], list[LabelledPair]]:
    rng = random.Random(seed)
    train: list[LabelledPair] = []
    holdout: list[LabelledPair] = []
    for label in (0.0, 1.0):
        group = [pair for pair in pairs if pair.label == label]
        rng.shuffle(group)
        cut = round(len(group) * HOLDOUT_FRACTION)
        holdout += group[:cut]
        train += group[cut:]
    return train, holdout


def main() -> None:
    parser = training_arguments(__doc__, out=SAME_FACT_HEAD_PATH, epochs=4, batch_size=16, max_length=128)
    parser.add_argument(
        "--pretrain-stsb",
        action="store_true",
        help="first learn STS-B train (score/5 as a soft target), minus pairs sharing a sentence with MRPC test or "
        "the holdout",
    )
    parser.add_argument(
        "--holdout-seed", type=int, default=0, help="which 10%% of MRPC train is held out (--seed varies training)"
    )
    args = parser.parse_args()

    train_pairs, holdout_pairs = split_holdout(read_mrpc(args.data_dir, "train"), args.holdout_seed)
    train = [Example(p.text_a, p.text_b, int(p.label > 0.5)) for p in train_pairs]
    holdout = [Example(p.text_a, p.text_b, int(p.label > 0.5)) for p in holdout_pairs]
    truth = np.array([example.label for example in holdout]) == 1
    config = config_from(args)
    print(f"MRPC train {len(train)} pairs, holdout {len(holdout)}; {config}")

    def holdout_f1(logits: np.ndarray) -> float:
        return best_f1_threshold(1.0 / (1.0 + np.exp(-logits)), truth, decimals=2)[1]

    pretrain: list[Example] = []
    if args.pretrain_stsb:
        # STS-B's MSRpar pairs come from the MRPC corpus: keep out every pair that shares a sentence with MRPC test
        # or with the holdout, which must stay unseen to choose the epoch and the threshold honestly.
        unseen = {text for p in read_mrpc(args.data_dir, "test") + holdout_pairs for text in (p.text_a, p.text_b)}
        pretrain = [
            Example(p.text_a, p.text_b, p.label / 5.0)
            for p in read_stsb(args.data_dir, "train")
            if p.text_a not in unseen and p.text_b not in unseen
        ]
        print(f"pretraining on {len(pretrain)} STS-B train pairs")
    snapshot, epoch, score = fine_tune(train, config, holdout_f1, holdout, pretrain=pretrain)
    provisional = HeadMetadata(task="same_fact", max_length=config.max_length, threshold=0.5, extra={})
    write_head(args.out, snapshot, provisional)
    # The threshold is chosen on what ships: the merged model, both pair orders averaged.
    head = FineTunedHead(args.out)
    texts_a = [e.text_a for e in holdout]
    texts_b = [e.text_b or "" for e in holdout]
    probabilities = 1.0 / (1.0 + np.exp(-(head.logits(texts_a, texts_b) + head.logits(texts_b, texts_a)) / 2))
    threshold, f1 = best_f1_threshold(probabilities, truth, decimals=2)
    accuracy = float(np.mean((probabilities >= threshold) == truth))
    metadata = HeadMetadata(
        task="same_fact",
        max_length=config.max_length,
        threshold=threshold,
        extra={
            "trained_on": f"MRPC train minus a stratified {HOLDOUT_FRACTION:.0%} holdout (seed {args.holdout_seed})"
            + (", after one epoch of STS-B train (soft targets)" if pretrain else ""),
            **training_record(config, epoch),
            "seed": config.seed,
            "holdout_f1": round(f1, 4),
            "holdout_accuracy": round(accuracy, 4),
        },
    )
    write_head(args.out, snapshot, metadata)
    print(f"best epoch {epoch} (holdout F1 {score:.4f}); shipped head: holdout F1 {f1:.4f} acc {accuracy:.4f}")
    print(f"threshold {threshold} -> {args.out}")


if __name__ == "__main__":
    main()
