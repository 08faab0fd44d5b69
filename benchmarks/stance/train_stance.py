"""Fine-tune MiniLM as a 3-class stance (NLI) cross-encoder: premise = passage, hypothesis = claim.

    nohup nice -n 5 .venv/bin/python benchmarks/stance/train_stance.py /work/shared/data/benchmarks \\
        --out var/stance > /tmp/stance_train.log 2>&1 &

Trains on train/dev splits only (see README.md for the sets, their licences and the overlaps kept out), holds out a
dev portion (SNLI validation and MNLI dev-matched by premise, Emergent train by claim, FNC-1 train by body, the
augmentation by source sentence) that picks the epoch; after every epoch the head is written to `--out`/epoch<N>.npz
with the dev logits beside it, so an interrupted run still leaves usable weights. `calibrate_stance.py` then fits the
temperature and decision thresholds on the dev logits and writes engine/models/weights/stance.{npz,json}.
Test splits are never read, except to keep their twins out of training: Emergent test headlines are dropped from
FNC-1 train and FNC-1 competition-test headlines from Emergent train (README.md, "Overlaps").
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from augment import augment
from sklearn.metrics import f1_score
from stance_data import (
    CONTRADICTS,
    RELATED,
    REPO_ROOT,
    SUPPORTS,
    FncRow,
    StancePair,
    fnc_pair,
    read_breaking_nli,
    read_climate_fever,
    read_emergent,
    read_fever_symmetric,
    read_fnc1,
    read_hossain,
    read_mnli,
    read_mrpc,
    read_rte,
    read_sick,
    read_snli,
    read_snli_train,
    split_sentences,
    stable_fraction,
)

from engine.models.minilm import HeadMetadata
from engine.stance.model import STANCE_LABELS

from minilm_training import ClassExample, TrainingConfig, fine_tune_classes, write_head  # isort: skip

DEV_NLI_FRACTION = 0.1  # ~1,000 pairs each of SNLI validation and MNLI dev-matched (by premise)
DEV_EMERGENT_FRACTION = 0.2  # of Emergent train claims
DEV_FNC_FRACTION = 0.1  # of FNC-1 train bodies
DEV_MRPC_FRACTION = 0.1  # of MRPC train pairs (augmentation source)


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def snli_train_pairs(path: Path, data_dir: Path) -> list[StancePair]:
    """SNLI train minus every pair whose premise (an image caption) also appears in a set we report or hold out:
    SNLI validation and test (a few generic captions recur across splits), Breaking-NLI (built on SNLI train
    premises) and Hossain et al.'s SNLI negation set, so none of those figures is read on a premise trained on."""
    reported = {p.premise for split in ("validation", "test") for p in read_snli(data_dir, split)}
    reported |= {p.premise for p in read_breaking_nli(data_dir)}
    reported |= {p.premise for p in read_hossain(data_dir, "SNLI")}
    return [p for p in read_snli_train(path) if p.premise not in reported]


# The multi-outlet train split's labels as the model's classes; `update` and `earlier` are left out: whether a changed
# figure is a later count or another occasion is the decision's time rules' call (engine.stance.timing), not the text's.
MULTI_OUTLET_CLASSES = {"supports": SUPPORTS, "contradicts": CONTRADICTS, "related": RELATED}


def assemble(
    data_dir: Path,
    *,
    budget: dict[str, int],
    seed: int,
    snli_train: Path | None = None,
    multi_outlet_labels: tuple[str, ...] = tuple(MULTI_OUTLET_CLASSES),
) -> tuple[list[StancePair], list[StancePair]]:
    """(train, dev) pairs; `budget` caps how many train pairs each source contributes (sampled, seeded)."""
    rng = random.Random(seed)
    train: dict[str, list[StancePair]] = {}
    dev: list[StancePair] = []
    if snli_train is not None:
        # Train only: the dev hold-out stays the one every earlier head was measured on (SNLI validation part).
        train["snli-train"] = snli_train_pairs(snli_train, data_dir)
    if budget.get("multi-outlet"):
        train["multi-outlet"] = multi_outlet_train_pairs(data_dir, multi_outlet_labels)

    for name, pairs in (("snli", read_snli(data_dir, "validation")), ("mnli", read_mnli(data_dir))):
        held = [p for p in pairs if stable_fraction(f"{name}:{p.premise}") < DEV_NLI_FRACTION]
        dev += held
        train[name] = [p for p in pairs if stable_fraction(f"{name}:{p.premise}") >= DEV_NLI_FRACTION]

    train["rte"] = read_rte(data_dir, "train")
    # SICK's pairs differ by a word or two (a guitar / an instrument, is / is not): the near-identical pairs that
    # wire copies and rewrites present, with all three labels. TRAIN trains; TRIAL joins the dev hold-out.
    train["sick"] = read_sick(data_dir, "TRAIN")
    dev += read_sick(data_dir, "TRIAL")
    fever_test = {(p.premise, p.hypothesis) for p in read_fever_symmetric(data_dir, "test")}
    train["fever-symmetric"] = [
        p for p in read_fever_symmetric(data_dir, "dev") if (p.premise, p.hypothesis) not in fever_test
    ]
    train["climate-fever"] = read_climate_fever(data_dir, "train")

    fnc_test_headlines = {_normalised(row.headline) for row in read_fnc1(data_dir, "competition_test")}
    emergent = [p for p in read_emergent(data_dir, "train") if _normalised(p.premise) not in fnc_test_headlines]
    dev += [p for p in emergent if stable_fraction(f"emergent:{p.group}") < DEV_EMERGENT_FRACTION]
    train["emergent"] = [p for p in emergent if stable_fraction(f"emergent:{p.group}") >= DEV_EMERGENT_FRACTION]

    emergent_test_headlines = {_normalised(p.premise) for p in read_emergent(data_dir, "test")}
    fnc_rows = [row for row in read_fnc1(data_dir, "train") if _normalised(row.headline) not in emergent_test_headlines]
    dev_bodies = {row.body_id for row in fnc_rows if stable_fraction(f"fnc1:{row.body_id}") < DEV_FNC_FRACTION}
    fnc_dev_rows = [row for row in fnc_rows if row.body_id in dev_bodies]
    fnc_dev_unrelated = [row for row in fnc_dev_rows if row.stance == "unrelated"]
    rng.shuffle(fnc_dev_unrelated)
    dev += [fnc_pair(row) for row in fnc_dev_rows if row.stance != "unrelated"]
    dev += [fnc_pair(row) for row in fnc_dev_unrelated[:300]]
    fnc_train_rows = [row for row in fnc_rows if row.body_id not in dev_bodies]
    # disagree is the rarest stance and the one that matters most: every disagree pair, a sample of the rest.
    by_stance: dict[str, list[FncRow]] = {}
    for row in fnc_train_rows:
        by_stance.setdefault(row.stance, []).append(row)
    for stance, rows in by_stance.items():
        # Pick the rows first: choosing body sentences for all 45k rows would cost minutes.
        random.Random(f"{seed}:fnc1-{stance}").shuffle(rows)
        train[f"fnc1-{stance}"] = [fnc_pair(row) for row in rows[: budget.get(f"fnc1-{stance}", len(rows))]]

    mrpc = read_mrpc(data_dir, "train")
    mrpc_dev = [p for p in mrpc if stable_fraction(f"mrpc:{p.first}") < DEV_MRPC_FRACTION]
    mrpc_train = [p for p in mrpc if stable_fraction(f"mrpc:{p.first}") >= DEV_MRPC_FRACTION]
    train_bodies = sorted({row.body for row in fnc_train_rows})
    dev_bodies_text = sorted({row.body for row in fnc_dev_rows})

    def sources(pairs: list, bodies: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
        sentences = sorted({p.first for p in pairs} | {p.second for p in pairs})
        sentences += [s for body in bodies for s in split_sentences(body)[:6]]
        return sentences, [(p.first, p.second) for p in pairs if p.paraphrase]

    sentences, paraphrases = sources(mrpc_train, train_bodies)
    train["augmented"] = augment(
        sentences,
        paraphrases,
        train_bodies,
        random.Random(seed),
        per_edit=budget.get("augmented-per-edit", 800),
        identical=budget.get("augmented-identical"),
    )
    sentences, paraphrases = sources(mrpc_dev, dev_bodies_text)
    dev += augment(sentences, paraphrases, dev_bodies_text, random.Random(seed + 1), per_edit=40)

    chosen: list[StancePair] = []
    for name, pairs in sorted(train.items()):
        cap = budget.get(name)
        pairs = list(pairs)
        random.Random(f"{seed}:{name}").shuffle(pairs)
        if cap is not None and cap < len(pairs):
            pairs = pairs[:cap]
        elif cap is not None and cap > len(pairs) > 0:  # oversample a rare, important source, whole copies first
            pairs = (pairs * -(-cap // len(pairs)))[:cap]
        chosen += pairs
    return chosen, dev


def multi_outlet_train_pairs(data_dir: Path, labels: tuple[str, ...] = tuple(MULTI_OUTLET_CLASSES)) -> list[StancePair]:
    """Sentence pairs from two outlets, hand-labelled (benchmarks/stance/multi_outlet, split "train").

    A pair touching this script's own dev hold-out is left out, so the dev figures every head is compared on stay
    clean: an FNC-1 body in the dev fraction, or a headline of an Emergent claim in the dev fraction (an event's
    headlines all belong to its one Emergent claim). A contradiction is also taken read the other way: a clash is
    symmetric, while a passage stating part of a claim's fact entails it only one way.
    """
    multi_outlet_dir = str(Path(__file__).resolve().parent / "multi_outlet")
    if multi_outlet_dir not in sys.path:
        sys.path.insert(0, multi_outlet_dir)
    from dataset import TRAIN_EVENTS_FILE, load_pairs, read_events

    dev_claims = {
        name
        for name, event in read_events(TRAIN_EVENTS_FILE).items()
        for source in event["sources"]
        if stable_fraction(f"emergent:{source.split(':', 1)[1]}") < DEV_EMERGENT_FRACTION
    }

    def held_out(article: str, event: str) -> bool:
        kind, _, key = article.partition(":")
        if kind == "fnc1-train":
            return stable_fraction(f"fnc1:{key}") < DEV_FNC_FRACTION
        return kind == "emergent" and event in dev_claims

    pairs: list[StancePair] = []
    for row in load_pairs(data_dir, "train"):
        label = MULTI_OUTLET_CLASSES.get(row["label"]) if row["label"] in labels else None
        if label is None or any(held_out(row[f"{side}_article"], row["event"]) for side in ("claim", "passage")):
            continue
        pairs.append(StancePair(row["passage"], row["claim"], (label,), "multi-outlet", group=row["event"]))
        if label == CONTRADICTS:
            pairs.append(StancePair(row["claim"], row["passage"], (label,), "multi-outlet", group=row["event"]))
    return pairs


# Sized for ~40 minutes of one-thread training on a shared 2-core CPU (~9.7 pairs/s measured): ~22,600 pairs.
DEFAULT_BUDGET = {
    "snli": 5500,
    "mnli": 5500,
    "rte": 1200,
    "fever-symmetric": 705,
    "climate-fever": 1200,
    "emergent": 1600,
    "fnc1-agree": 1200,
    "fnc1-disagree": 1000,
    "fnc1-discuss": 1000,
    "fnc1-unrelated": 400,
    "augmented-per-edit": 300,
    "sick": 0,  # added for the refinement run (RESULTS.md), whose command line sets it
    "snli-train": 0,  # only with --snli-train (refinement 3, RESULTS.md)
    "multi-outlet": 0,  # the multi-outlet train split (refinement 6, RESULTS.md); a budget above its size repeats it
}


def dev_macro_f1(dev: list[StancePair], logits: np.ndarray) -> float:
    truth = np.array([p.allowed[0] for p in dev])
    return float(f1_score(truth, logits.argmax(axis=1), average="macro"))


def describe(pairs: list[StancePair]) -> str:
    counts = Counter(p.source for p in pairs)
    labels = Counter(STANCE_LABELS[p.allowed[0]] if len(p.allowed) == 1 else "partial" for p in pairs)
    return f"{len(pairs)} pairs; by source {dict(sorted(counts.items()))}; by label {dict(labels)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "stance")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every source's budget (sizing runs)")
    parser.add_argument(
        "--budget",
        action="append",
        default=[],
        metavar="SOURCE=PAIRS",
        help="override one source's budget, e.g. sick=4439 (repeatable; applied after --scale)",
    )
    parser.add_argument(
        "--snli-train",
        type=Path,
        default=None,
        metavar="JSONL",
        help="official-format SNLI train rows (README.md, 'SNLI train': where the file comes from); budget snli-train",
    )
    parser.add_argument(
        "--multi-outlet-labels",
        default=",".join(MULTI_OUTLET_CLASSES),
        help="which labels of the multi-outlet train split to train on (refinement 7: supports,related)",
    )
    parser.add_argument("--init", type=Path, default=None, help="warm start from this head file (refinement run)")
    parser.add_argument("--max-steps", type=int, default=None, help="stop after N steps (throughput measurement)")
    parser.add_argument(
        "--threads", type=int, default=1, help="torch threads: 1 was 2x faster than 2 on the shared CPU"
    )
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    # A source switched off (budget 0) stays off under --scale; any other keeps at least one pair.
    budget = {name: max(1, round(cap * args.scale)) if cap else 0 for name, cap in DEFAULT_BUDGET.items()}
    for override in args.budget:
        name, _, pairs = override.partition("=")
        budget[name] = int(pairs)
    multi_outlet_labels = tuple(args.multi_outlet_labels.split(","))
    unknown = sorted(set(multi_outlet_labels) - set(MULTI_OUTLET_CLASSES))
    if unknown:
        parser.error(f"--multi-outlet-labels: {', '.join(unknown)} not among {', '.join(MULTI_OUTLET_CLASSES)}")
    if args.snli_train is not None and budget["snli-train"] == 0:
        parser.error("--snli-train needs a budget, e.g. --budget snli-train=60000")
    train, dev = assemble(
        args.data_dir,
        budget=budget,
        seed=args.seed,
        snli_train=args.snli_train,
        multi_outlet_labels=multi_outlet_labels,
    )
    print(f"train: {describe(train)}")
    print(f"dev: {describe(dev)}")
    dev = [p for p in dev if len(p.allowed) == 1]
    config = TrainingConfig(
        epochs=args.epochs,
        learning_rate=args.learning_rate,
        batch_size=args.batch_size,
        rank=args.rank,
        alpha=2.0 * args.rank,
        max_length=args.max_length,
        swap_pairs=False,
        seed=args.seed,
        num_labels=len(STANCE_LABELS),
    )
    print(config, flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "dev_pairs.json").write_text(
        json.dumps([[p.premise, p.hypothesis, p.allowed[0], p.source, p.tag] for p in dev]), encoding="utf-8"
    )
    trained_on = dict(sorted(Counter(p.source for p in train).items()))

    def metadata(epoch: int, score: float) -> HeadMetadata:
        return HeadMetadata(
            task="stance",
            max_length=config.max_length,
            threshold=0.5,  # unused by a k-class head: stance.json holds the calibrated decision rule
            extra={
                "premise": "passage",
                "hypothesis": "claim",
                "trained_on_pairs": trained_on,
                "epoch": epoch,
                "epochs": config.epochs,
                "learning_rate": config.learning_rate,
                "rank": config.rank,
                "seed": config.seed,
                "dev_macro_f1_argmax": round(score, 4),
            },
            labels=STANCE_LABELS,
        )

    def checkpoint(epoch: int, snapshot: dict[str, object], logits: np.ndarray, score: float) -> None:
        write_head(args.out / f"epoch{epoch}.npz", snapshot, metadata(epoch, score))
        np.save(args.out / f"epoch{epoch}_dev_logits.npy", logits)
        print(f"checkpoint: {args.out / f'epoch{epoch}.npz'} (dev macro-F1 {score:.4f})", flush=True)

    examples = [ClassExample(p.premise, p.hypothesis, p.allowed, p.source) for p in train]
    holdout = [ClassExample(p.premise, p.hypothesis, p.allowed, p.source) for p in dev]
    started = time.monotonic()
    snapshot, epoch, score = fine_tune_classes(
        examples,
        config,
        lambda logits: dev_macro_f1(dev, logits),
        holdout,
        lambda line: print(line, flush=True),
        on_epoch=checkpoint,
        max_steps=args.max_steps,
        on_steps=lambda step, snap: write_head(args.out / "latest.npz", snap, metadata(0, float("nan"))),
        steps_between=100,
        initial=args.init,
    )
    if args.max_steps is None:
        write_head(args.out / "best.npz", snapshot, metadata(epoch, score))
        print(f"best epoch {epoch}: dev macro-F1 {score:.4f} -> {args.out / 'best.npz'}")
    print(f"{time.monotonic() - started:.0f} s; labels {SUPPORTS, CONTRADICTS, RELATED} = {STANCE_LABELS}")


if __name__ == "__main__":
    main()
