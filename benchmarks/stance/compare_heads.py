"""Two stance heads on one train_stance.py dev hold-out, part by part: the figures a refinement's shipping rule reads.

    .venv/bin/python benchmarks/stance/compare_heads.py var/stance_refine3 \\
        engine/models/weights/stance.json var/stance_refine3/weights/stance.json

For each spec (`stance.json` next to its head): argmax accuracy and macro-F1 per dev part, and the contradiction
precision / recall of its own decision rule on the dev pairs outside SICK TRIAL (the first head's dev set).
Logits are cached next to the run's dev pairs, one file per head, so a second comparison does not re-read them.
No test split is read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
from calibrate_stance import decisions, scores
from sklearn.metrics import f1_score

from engine.models.minilm import FineTunedHead, softmax
from engine.stance.model import StanceModel, StanceSpec


def dev_logits(run_dir: Path, spec_path: Path, pairs: list[tuple[str, str]]) -> np.ndarray:
    spec = StanceSpec.read(spec_path)
    head = spec_path.parent / spec.head
    digest = hashlib.sha256(head.read_bytes()).hexdigest()[:16]
    cached = run_dir / f"compare_logits_{digest}.npy"
    if cached.exists():
        return np.load(cached)
    model = StanceModel(FineTunedHead(head, precision="float32"), spec)
    logits = model.logits(pairs)
    np.save(cached, logits)
    return logits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir", type=Path, help="a train_stance.py --out folder (its dev_pairs.json)")
    parser.add_argument("specs", type=Path, nargs="+", help="stance.json files")
    args = parser.parse_args()
    dev = json.loads((args.run_dir / "dev_pairs.json").read_text(encoding="utf-8"))
    truth = np.array([row[2] for row in dev])
    sources = np.array([row[3] for row in dev])
    pairs = [(row[1], row[0]) for row in dev]  # (claim, passage) = (hypothesis, premise)
    report: dict[str, object] = {}
    for spec_path in args.specs:
        spec = StanceSpec.read(spec_path)
        probabilities = softmax(dev_logits(args.run_dir, spec_path, pairs), spec.temperature)
        argmax = probabilities.argmax(axis=1)
        parts = {}
        for source in sorted(set(sources)):
            inside = sources == source
            parts[str(source)] = {
                "pairs": int(inside.sum()),
                "accuracy": round(float(np.mean(argmax[inside] == truth[inside])), 4),
                "macro_f1": round(float(f1_score(truth[inside], argmax[inside], average="macro", labels=[0, 1, 2])), 4),
            }
        first_dev = sources != "sick"
        ruled = decisions(probabilities[first_dev], spec.contradicts_threshold, spec.supports_threshold)
        report[str(spec_path)] = {
            "argmax_by_part": parts,
            "rule_on_first_dev": {k: round(v, 4) for k, v in scores(truth[first_dev], ruled).items()},
            "rule_on_all_dev": {
                k: round(v, 4)
                for k, v in scores(
                    truth, decisions(probabilities, spec.contradicts_threshold, spec.supports_threshold)
                ).items()
            },
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
