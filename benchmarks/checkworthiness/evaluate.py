"""F1(Yes) of the shipped check-worthiness scorer vs a TF-IDF + LR baseline trained in the same run.

    python benchmarks/checkworthiness/evaluate.py /work/shared/data/benchmarks/checkthat2023-2024-task1-en

The scorer is the bundled one at CHECKWORTHY_THRESHOLD (tuned on dev by train.py); the baseline is the one in the
data's SOURCE.md (word 1-2-grams, min_df 2, sublinear tf, LR C=4 balanced, threshold 0.5), trained on train.
Test splits are only scored here, never used for any choice.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from ct24 import embed, f1_yes, load_split
from results_md import update_block
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from engine.extraction import CHECKWORTHY_THRESHOLD, CheckworthinessScorer
from engine.extraction.scorer import HEAD_PATH
from engine.models.minilm import FineTunedHead

REPORTED = ("dev", "dev-test", "test_gold")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--head", type=Path, default=None, help="fine-tuned head; default: the bundled one")
    parser.add_argument("--cache-dir", type=Path, default=None, help="reuse MiniLM vectors between runs")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="LABEL=WEIGHTS",
        help="also score other weights (e.g. from train.py --dense minilm --output ...) for comparison",
    )
    parser.add_argument(
        "--previous-head", type=Path, default=None, help="a fine-tuned head scored in the same run for comparison"
    )
    args = parser.parse_args()

    head_path = args.head or HEAD_PATH
    # The shipped head always runs in float32 (extraction.scorer.load_head): the only precision in which a
    # sentence's score does not depend on the batch it was scored in.
    scorer = CheckworthinessScorer(head=FineTunedHead(head_path, precision="float32"))
    previous = (
        CheckworthinessScorer(head=FineTunedHead(args.previous_head, precision="float32"))
        if args.previous_head
        else None
    )
    logistic = CheckworthinessScorer.load()
    train = load_split(args.data_dir, "train")
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    baseline = LogisticRegression(C=4, class_weight="balanced", max_iter=3000)
    baseline.fit(vectorizer.fit_transform(train.texts), train.labels)

    rows: list[tuple[str, int, int, float, float | None, float, float]] = []
    for name in REPORTED:
        split = load_split(args.data_dir, name)
        scores = np.array([a.score for a in scorer.assess(split.texts)])
        ours = f1_yes(split.labels, scores >= CHECKWORTHY_THRESHOLD)
        before = (
            f1_yes(split.labels, np.array([a.score for a in previous.assess(split.texts)]) >= CHECKWORTHY_THRESHOLD)
            if previous
            else None
        )
        fast = f1_yes(split.labels, np.array([a.score for a in logistic.assess(split.texts)]) >= CHECKWORTHY_THRESHOLD)
        theirs = f1_yes(split.labels, baseline.predict_proba(vectorizer.transform(split.texts))[:, 1] >= 0.5)
        rows.append((name, len(split.texts), int(split.labels.sum()), ours, before, fast, theirs))
        print(
            f"{name:<10} n={len(split.texts):<5} ours {ours:.3f}"
            + (f"  previous head {before:.3f}" if before is not None else "")
            + f"  logistic {fast:.3f}  TF-IDF+LR {theirs:.3f}"
        )

    variant_rows: list[str] = []
    for variant in args.variant:
        label, _, path = variant.partition("=")
        other = CheckworthinessScorer.load(Path(path))
        cells = []
        for name in REPORTED:
            split = load_split(args.data_dir, name)
            vectors = embed(split.texts, args.cache_dir) if other.uses_embeddings else None
            scores = np.array([a.score for a in other.assess(split.texts, embeddings=vectors)])
            cells.append(f"{f1_yes(split.labels, scores >= CHECKWORTHY_THRESHOLD):.3f}")
        print(f"variant {label}: " + ", ".join(f"{n} {c}" for n, c in zip(REPORTED, cells, strict=True)))
        variant_rows.append(f"| {label} | " + " | ".join(cells) + " |")

    table = [
        f"### CheckThat! 2024 English, F1 of the Yes class ({time.strftime('%Y-%m-%d')})",
        "",
        "| split | n | Yes | shipped: fine-tuned MiniLM, top 2 layers | previous head, all 6 layers | logistic "
        "| TF-IDF+LR (same run) | published anchor |",
        "|---|---|---|---|---|---|---|---|",
    ]
    anchors = {
        "dev": "same debates as train; only reported",
        "dev-test": "organisers' n-gram baseline 0.599",
        "test_gold": "winner (Llama-2-7b, GPU) ≈0.802; TF-IDF+LR ≈0.607",
    }
    for name, n, yes, ours, before, fast, theirs in rows:
        before_cell = f"{before:.3f}" if before is not None else "not run"
        table.append(
            f"| {name} | {n} | {yes} | **{ours:.3f}** | {before_cell} | {fast:.3f} | {theirs:.3f} | {anchors[name]} |"
        )
    if variant_rows:
        table += [
            "",
            "Variants (same tuning procedure, not shipped):",
            "",
            "| variant | " + " | ".join(REPORTED) + " |",
        ]
        table += ["|---|" + "---|" * len(REPORTED), *variant_rows]
    table += [
        "",
        "Shipped scorer (2026-12-01): all-MiniLM-L6-v2 with rank-16 low-rank updates and layer norms on encoder",
        "layers 4 and 5 only and a linear head over mean-pooled tokens, so layers 0-3 are the plain encoder the",
        "matching embedder runs anyway: in the pipeline the head takes each sentence's layer-4 input from the",
        "embedder's pass (engine/models/minilm.py, TrunkStore) and runs two layers instead of six. It always runs in",
        "float32 (a score never depends on its batch). Trained on CT24 train ids < 30,000; the epoch and the",
        "threshold were chosen on the latest debates of train (ids >= 30,000), because dev shares debates with train",
        "and the test sets are newer debates (3 epochs, lr 5e-4, batch 32, 96 tokens; train_transformer.py",
        "--adapt-from-layer 4). Shipping rule, written before training (SHARED_TRUNK_RULE.md): ship iff its",
        "late-debates F1 >= 0.713 (the all-layer head's 0.723 minus 0.01); it scored 0.716 (best epoch 3), so it",
        "shipped, and the test columns were read after that decision. The previous head (all six layers adapted,",
        "late-debates 0.723) is scored in the same run for comparison. Logistic (the scorer before the fine-tuned",
        "heads): static MiniLM word-piece vector + 22 signal features, blended with a TF-IDF 1-2-gram model, tuned",
        f"the same way. Thresholds folded into the models (CHECKWORTHY_THRESHOLD = {CHECKWORTHY_THRESHOLD}). All",
        "include the news 'reported fact' floor (dated events, attributed statements, quotations score >= 0.55).",
        "Disclosure from earlier rounds: an int8 version of the all-layer head had its test F1 seen (0.678, 0.663)",
        "before the move to float32. Tried on the late debates and dropped earlier: blending with a TF-IDF model",
        "(0.721 against 0.712, noise) and training on dev as well (0.728 against 0.723, under the +0.01 bar).",
        "",
        "Commands:",
        "```",
        "DATA=/work/shared/data/benchmarks/checkthat2023-2024-task1-en",
        "# the shipped head (~45 min on 2 cores), then copied to engine/models/weights/checkworthiness_minilm.npz",
        "python benchmarks/checkworthiness/train_transformer.py $DATA --adapt-from-layer 4 --out var/cw/top2.npz",
        "python benchmarks/checkworthiness/train.py $DATA               # the logistic model",
        "git show e8c76a0:engine/models/weights/checkworthiness_minilm.npz > var/cw/previous_all_layers.npz",
        "python benchmarks/checkworthiness/evaluate.py $DATA --previous-head var/cw/previous_all_layers.npz",
        "```",
    ]
    if not args.no_write:
        update_block("f1", "\n".join(table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
