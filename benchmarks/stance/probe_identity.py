"""Identity probe: does a stance model call a sentence and its word-for-word copy a contradiction?

    .venv/bin/python benchmarks/stance/probe_identity.py /work/shared/data/benchmarks \\
        engine/models/weights/stance.json var/stance_refine/weights/stance.json

Pairs 200 sentences of FNC-1 train bodies held out as dev by train_stance.py (never trained on) with themselves and
reports, per stance spec, how many the spec's decision rule calls contradicts, supports or related, and the
largest p(contradicts). A wire copy is the commonest "other report" a desk sees: any share above zero here is a
false contradiction shown on every syndicated story.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]

from stance_data import read_fnc1, split_sentences, stable_fraction  # noqa: E402
from train_stance import DEV_FNC_FRACTION  # noqa: E402

from engine.stance.model import StanceModel, decide_from_probabilities  # noqa: E402

PROBE_SIZE = 200


def probe_sentences(data_dir: Path, size: int = PROBE_SIZE) -> list[str]:
    bodies = sorted(
        {row.body for row in read_fnc1(data_dir, "train") if stable_fraction(f"fnc1:{row.body_id}") < DEV_FNC_FRACTION}
    )
    sentences = [s for body in bodies for s in split_sentences(body) if 8 <= len(s.split()) <= 45]
    # Deterministic choice, half with figures (the case that failed), half without.
    with_values = sorted((s for s in sentences if any(ch.isdigit() for ch in s)), key=lambda s: stable_fraction(s))
    without = sorted((s for s in sentences if not any(ch.isdigit() for ch in s)), key=lambda s: stable_fraction(s))
    return with_values[: size // 2] + without[: size - size // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("specs", type=Path, nargs="+", help="stance.json files to compare")
    args = parser.parse_args()
    sentences = probe_sentences(args.data_dir)
    pairs = [(s, s) for s in sentences]
    for spec_path in args.specs:
        model = StanceModel.load(spec_path)
        probabilities = model.probabilities(pairs)
        labels = decide_from_probabilities(
            probabilities,
            contradicts_threshold=model.spec.contradicts_threshold,
            supports_threshold=model.spec.supports_threshold,
        )
        counts = Counter(labels)
        print(
            json.dumps(
                {
                    "spec": str(spec_path),
                    "pairs": len(pairs),
                    "called": dict(counts),
                    "contradicts_share": round(counts["contradicts"] / len(pairs), 4),
                    "max_p_contradicts": round(float(probabilities[:, 1].max()), 4),
                    "mean_p_supports": round(float(probabilities[:, 0].mean()), 4),
                }
            )
        )


if __name__ == "__main__":
    main()
