"""ONNX Runtime against PyTorch on real text: the same numbers, the same decisions, and how much faster.

    python benchmarks/runtime/compare_runtimes.py /work/shared/data/benchmarks [--json out.json]

Every shipped MiniLM model is built twice in one process, once per runtime (`FACTCHECK_MODEL_RUNTIME`), both in
float32, and run on the same real texts (none written here):
- the check-worthiness head on the CheckThat! 2024 English dev-test and test sentences (largest logit difference,
  decisions that differ at the shipped threshold, F1 of the Yes class under each runtime);
- the matching embedder on the multi-outlet dev split's claims and passages (smallest cosine between a text's two
  vectors);
- the stance model on the multi-outlet dev pairs, read both ways as the decision reads them (largest logit
  difference, argmax labels that differ);
- the rate of each model under each runtime, the two timed alternately on the same inputs (best of `--repeats`).
Also under PyTorch `auto` where the CPU has native bfloat16: the stance model's rate in bfloat16, what `auto`
meant before ONNX Runtime. Test sentences are only scored here, never used for a choice.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [
    str(HERE.parents[1]),
    str(HERE.parent / "stance" / "multi_outlet"),
    str(HERE.parent / "checkworthiness"),
]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
from ct24 import f1_yes, load_split  # noqa: E402
from dataset import load_pairs  # noqa: E402

from engine.extraction.scorer import HEAD_PATH  # noqa: E402
from engine.models.embedder import build_embedder  # noqa: E402
from engine.models.minilm import FineTunedHead, cpu_has_native_bfloat16  # noqa: E402
from engine.stance.model import StanceModel  # noqa: E402

RUNTIMES = ("onnx", "torch")


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def alternate_rates(runs: dict[str, Callable[[], object]], items: int, repeats: int) -> dict[str, float]:
    """The rate of each run, timed in turn so a change in machine load falls on all of them."""
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():
        run()  # warm-up
    for _ in range(repeats):
        for name, run in runs.items():
            timings[name].append(_timed(run))
    return {name: round(items / min(seconds), 1) for name, seconds in timings.items()}


def checkworthiness(data_dir: Path, repeats: int) -> dict[str, Any]:
    heads = {runtime: FineTunedHead(HEAD_PATH, precision="float32", runtime=runtime) for runtime in RUNTIMES}
    threshold = heads["onnx"].threshold
    report: dict[str, Any] = {}
    for split_name in ("dev-test", "test_gold"):
        split = load_split(data_dir / "checkthat2023-2024-task1-en", split_name)
        logits = {runtime: head.logits(split.texts) for runtime, head in heads.items()}
        decisions = {runtime: 1 / (1 + np.exp(-value)) >= threshold for runtime, value in logits.items()}
        report[split_name] = {
            "sentences": len(split.texts),
            "max_logit_difference": float(np.abs(logits["onnx"] - logits["torch"]).max()),
            "decisions_differing": int((decisions["onnx"] != decisions["torch"]).sum()),
            "f1_yes": {runtime: round(f1_yes(split.labels, decided), 4) for runtime, decided in decisions.items()},
        }
    texts = load_split(data_dir / "checkthat2023-2024-task1-en", "dev-test").texts
    report["sentences_per_second"] = alternate_rates(
        {runtime: (lambda head=head: head.logits(texts)) for runtime, head in heads.items()}, len(texts), repeats
    )
    return report


def embedder(texts: Sequence[str], repeats: int) -> dict[str, Any]:
    built = {runtime: build_embedder("float32", runtime) for runtime in RUNTIMES}
    vectors = {runtime: model.encode(texts) for runtime, model in built.items()}
    cosines = (vectors["onnx"] * vectors["torch"]).sum(axis=1)
    return {
        "texts": len(texts),
        "min_cosine": float(cosines.min()),
        "max_difference": float(np.abs(vectors["onnx"] - vectors["torch"]).max()),
        "sentences_per_second": alternate_rates(
            {runtime: (lambda model=model: model.encode(texts)) for runtime, model in built.items()},
            len(texts),
            repeats,
        ),
    }


def stance(pairs: Sequence[tuple[str, str]], repeats: int) -> dict[str, Any]:
    models = {runtime: StanceModel.load(precision="float32", runtime=runtime) for runtime in RUNTIMES}
    if cpu_has_native_bfloat16():
        models["torch bfloat16 (auto before)"] = StanceModel.load(precision="bfloat16", runtime="torch")
    logits = {name: model.logits(pairs) for name, model in models.items()}

    def fresh(model: StanceModel) -> Callable[[], object]:
        def run() -> object:
            model.forget_readings()  # time the reading, not the recall of a kept one
            return model.logits(pairs)

        return run

    return {
        "pairs": len(pairs),
        "max_logit_difference": float(np.abs(logits["onnx"] - logits["torch"]).max()),
        "argmax_differing": int((logits["onnx"].argmax(axis=1) != logits["torch"].argmax(axis=1)).sum()),
        "pairs_per_second": alternate_rates(
            {name: fresh(model) for name, model in models.items()}, len(pairs), repeats
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()
    import torch

    pairs = load_pairs(args.data_dir, "dev")
    texts = list(dict.fromkeys(text for pair in pairs for text in (pair["claim"], pair["passage"])))
    # Both readings, as the decision makes them: (passage, claim) and (claim, passage).
    read_pairs = [(pair["passage"], pair["claim"]) for pair in pairs] + [
        (pair["claim"], pair["passage"]) for pair in pairs
    ]
    report = {
        "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}",
        "torch_threads": torch.get_num_threads(),
        "checkworthiness": checkworthiness(args.data_dir, args.repeats),
        "embedder": embedder(texts, args.repeats),
        "stance": stance(read_pairs, args.repeats),
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
