"""Fine-tune one MiniLM same-fact cross-encoder on MRPC train only.

    .venv/bin/python benchmarks/matching/train_cross_encoder.py /work/shared/data/benchmarks --fold 0/5 --out m0.npz

The shipped model is a cross-validated ensemble of five such members (`--fold 0/5` ... `--fold 4/5`), assembled by
build_same_fact_ensemble.py. Without `--fold`, a stratified 10% of MRPC train (`--holdout-seed`) is held out instead:
it picks the epoch and the F1-optimal decision threshold, for single-model experiments. The test split is never
read. Takes ~12 minutes on 2 CPU cores.
"""

from __future__ import annotations

import random

import bootstrap  # (puts the repository root on sys.path)
import numpy as np
from bench_data import LabelledPair, read_mrpc, read_stsb
from minilm_training import Example, config_from, fine_tune, training_arguments, training_record, write_head
from thresholds import best_f1_threshold

from engine.matching.cross_encoder import both_orders
from engine.models.minilm import FineTunedHead, HeadMetadata

HOLDOUT_FRACTION = 0.1


def _shuffled_classes(pairs: list[LabelledPair], seed: int) -> list[list[LabelledPair]]:
    """The negatives, then the positives, each shuffled by one generator: the base of every stratified split."""
    rng = random.Random(seed)
    classes = []
    for label in (0.0, 1.0):
        group = [pair for pair in pairs if pair.label == label]
        rng.shuffle(group)
        classes.append(group)
    return classes


def split_holdout(pairs: list[LabelledPair], seed: int) -> tuple[list[LabelledPair], list[LabelledPair]]:
    train: list[LabelledPair] = []
    holdout: list[LabelledPair] = []
    for group in _shuffled_classes(pairs, seed):
        cut = round(len(group) * HOLDOUT_FRACTION)
        holdout += group[:cut]
        train += group[cut:]
    return train, holdout


def split_fold(pairs: list[LabelledPair], fold: int, folds: int) -> tuple[list[LabelledPair], list[LabelledPair]]:
    """Fold `fold` of a stratified `folds`-way split (fixed seed 0) is held out; the other folds train."""
    train: list[LabelledPair] = []
    holdout: list[LabelledPair] = []
    for group in _shuffled_classes(pairs, 0):
        for position, pair in enumerate(group):
            (holdout if position % folds == fold else train).append(pair)
    return train, holdout


def main() -> None:
    parser = training_arguments(
        __doc__, out=bootstrap.REPO_ROOT / "var" / "same_fact_member.npz", epochs=4, batch_size=16, max_length=128
    )
    parser.add_argument(
        "--pretrain-stsb",
        action="store_true",
        help="first learn STS-B train (score/5 as a soft target), minus pairs sharing a sentence with MRPC test or "
        "the holdout",
    )
    parser.add_argument(
        "--holdout-seed", type=int, default=0, help="which 10%% of MRPC train is held out (--seed varies training)"
    )
    parser.add_argument(
        "--fold",
        metavar="K/N",
        default=None,
        help="hold out fold K (0-based) of a stratified N-way split of MRPC train instead of a random 10%%: "
        "the members of a cross-validated ensemble (see build_same_fact_ensemble.py)",
    )
    args = parser.parse_args()

    mrpc_train = read_mrpc(args.data_dir, "train")
    if args.fold is not None:
        fold, folds = (int(part) for part in args.fold.split("/"))
        if not 0 <= fold < folds:
            parser.error(f"--fold must be K/N with 0 <= K < N, got {args.fold}")
        train_pairs, holdout_pairs = split_fold(mrpc_train, fold, folds)
        held_out = f"fold {fold} of a stratified {folds}-way split"
    else:
        train_pairs, holdout_pairs = split_holdout(mrpc_train, args.holdout_seed)
        held_out = f"a stratified {HOLDOUT_FRACTION:.0%} holdout (seed {args.holdout_seed})"
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
    # A fold member keeps its last epoch: the recipe was fixed beforehand, so its holdout predictions are
    # out-of-fold and can choose the ensemble's threshold.
    snapshot, epoch, score = fine_tune(
        train, config, holdout_f1, holdout, pretrain=pretrain, keep_last=args.fold is not None
    )
    provisional = HeadMetadata(task="same_fact", max_length=config.max_length, threshold=0.5, extra={})
    write_head(args.out, snapshot, provisional)
    # The threshold is chosen on what ships: the merged model, both pair orders averaged.
    head = FineTunedHead(args.out)
    probabilities = 1.0 / (1.0 + np.exp(-both_orders(head, [(e.text_a, e.text_b or "") for e in holdout])))
    threshold, f1 = best_f1_threshold(probabilities, truth, decimals=2)
    accuracy = float(np.mean((probabilities >= threshold) == truth))
    metadata = HeadMetadata(
        task="same_fact",
        max_length=config.max_length,
        threshold=threshold,
        extra={
            "trained_on": f"MRPC train minus {held_out}"
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
