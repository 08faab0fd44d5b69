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
    args = parser.parse_args()

    head_path = args.head or HEAD_PATH
    # Both precisions the shipped head runs at ("auto" picks bfloat16 where the CPU has it natively).
    scorer = CheckworthinessScorer(head=FineTunedHead(head_path, precision="bfloat16"))
    scorer_float32 = CheckworthinessScorer(head=FineTunedHead(head_path, precision="float32"))
    logistic = CheckworthinessScorer.load()
    train = load_split(args.data_dir, "train")
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    baseline = LogisticRegression(C=4, class_weight="balanced", max_iter=3000)
    baseline.fit(vectorizer.fit_transform(train.texts), train.labels)

    rows: list[tuple[str, int, int, float, float, float, float]] = []
    for name in REPORTED:
        split = load_split(args.data_dir, name)
        scores = np.array([a.score for a in scorer.assess(split.texts)])
        ours = f1_yes(split.labels, scores >= CHECKWORTHY_THRESHOLD)
        scores_float32 = np.array([a.score for a in scorer_float32.assess(split.texts)])
        ours_float32 = f1_yes(split.labels, scores_float32 >= CHECKWORTHY_THRESHOLD)
        fast = f1_yes(split.labels, np.array([a.score for a in logistic.assess(split.texts)]) >= CHECKWORTHY_THRESHOLD)
        theirs = f1_yes(split.labels, baseline.predict_proba(vectorizer.transform(split.texts))[:, 1] >= 0.5)
        rows.append((name, len(split.texts), int(split.labels.sum()), ours, ours_float32, fast, theirs))
        print(
            f"{name:<10} n={len(split.texts):<5} ours bf16 {ours:.3f} fp32 {ours_float32:.3f}  logistic {fast:.3f}"
            f"  TF-IDF+LR {theirs:.3f}"
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
        "| split | n | Yes | shipped: fine-tuned MiniLM, bfloat16 | same head, float32 | logistic (previous scorer) "
        "| TF-IDF+LR (same run) | published anchor |",
        "|---|---|---|---|---|---|---|---|",
    ]
    anchors = {
        "dev": "same debates as train; only reported",
        "dev-test": "organisers' n-gram baseline 0.599",
        "test_gold": "winner (Llama-2-7b, GPU) ≈0.802; TF-IDF+LR ≈0.607",
    }
    for name, n, yes, ours, ours_float32, fast, theirs in rows:
        table.append(
            f"| {name} | {n} | {yes} | **{ours:.3f}** | {ours_float32:.3f} | {fast:.3f} | {theirs:.3f} "
            f"| {anchors[name]} |"
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
        "Shipped scorer: all-MiniLM-L6-v2 fine-tuned with rank-16 low-rank updates on every encoder linear layer,",
        "layer norms and a linear head over mean-pooled tokens (1.3 MB shipped). It runs in bfloat16 where the",
        "CPU has native bfloat16 (FACTCHECK_MODEL_PRECISION=auto), float32 elsewhere; both are deterministic.",
        "Trained on CT24 train ids < 30,000; the epoch and the threshold were chosen on the latest debates of train",
        "(ids >= 30,000),",
        "because dev shares debates with train and the test sets are newer debates (3 epochs, lr 5e-4, batch 32,",
        "96 tokens; late-debates F1 0.723 against 0.688 for the logistic model). Logistic (previous scorer):",
        "static MiniLM word-piece vector + 22 signal features, blended with a TF-IDF 1-2-gram model, tuned the same",
        f"way. Thresholds folded into the models (CHECKWORTHY_THRESHOLD = {CHECKWORTHY_THRESHOLD}). Both include the",
        "news 'reported fact' floor (dated events, attributed statements, quotations score >= 0.55). Test splits were",
        "never used for a choice, with one disclosure: the head first shipped in int8, whose test F1 (0.678, then",
        "0.663 with another batch size) was seen before the move to float32; the move was made because int8 scores",
        "depended on their batch (see Throughput), and the float32 threshold was re-picked on the late debates.",
        "bfloat16 uses that float32 threshold unchanged.",
        "Tried on the late-debates split and dropped: blending the head with a TF-IDF",
        "1-2-gram model fitted on the earlier debates (best blend 0.721 against 0.712 for the head alone in the same",
        "run: noise); training on dev as well (train_transformer.py --with-dev: late-debates F1 0.728 against",
        "0.723, under the +0.01 bar set before the run; its test score was not read).",
        "",
        "Commands:",
        "```",
        "DATA=/work/shared/data/benchmarks/checkthat2023-2024-task1-en",
        "python benchmarks/checkworthiness/train_transformer.py $DATA   # the shipped head (~45 min on 2 cores)",
        "python benchmarks/checkworthiness/train.py $DATA               # the logistic model",
        "python benchmarks/checkworthiness/evaluate.py $DATA",
        "```",
    ]
    if not args.no_write:
        update_block("f1", "\n".join(table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
