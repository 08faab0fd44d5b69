"""Agreement between the set's labels and a second, blind annotator on a stratified sample of 180 pairs.

    .venv/bin/python benchmarks/stance/multi_outlet/agreement.py

The sample (`agreement_labels.jsonl`: pair id and the second annotator's label) was drawn from dev and test in
proportion to the labels (seed 20261201) and labelled from the pair texts, outlets and dates alone under this
README's conventions, without the set's labels or notes (README.md, "Agreement"). Prints exact agreement, Cohen's
kappa, the confusion table, and how the second annotator's `supports` and `contradicts` score when the set's labels
are taken as the truth: the ceiling a system measured against those labels can be expected to reach.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from dataset import LABELS, read_labels  # noqa: E402
from sklearn.metrics import cohen_kappa_score  # noqa: E402


def main() -> None:
    gold = {row["id"]: row["label"] for row in read_labels()}
    rows = [json.loads(line) for line in (HERE / "agreement_labels.jsonl").read_text().splitlines() if line.strip()]
    ids = [row["id"] for row in rows]
    first = [gold[pair_id] for pair_id in ids]
    second = [row["label"] for row in rows]
    agreed = sum(a == b for a, b in zip(first, second, strict=True))
    kappa = cohen_kappa_score(first, second)
    print(f"pairs {len(ids)}; exact agreement {agreed / len(ids):.3f}; Cohen's kappa {kappa:.3f}")
    confusion = Counter(zip(first, second, strict=True))
    print("set \\ second annotator: " + " ".join(f"{label:>11}" for label in LABELS))
    for label in LABELS:
        print(f"{label:>23}: " + " ".join(f"{confusion[(label, other)]:>11}" for other in LABELS))
    for label in ("supports", "contradicts"):
        hits = confusion[(label, label)]
        print(
            f"second annotator's {label}: recall {hits / first.count(label):.3f}, "
            f"precision {hits / second.count(label):.3f} (the set's labels as truth)"
        )


if __name__ == "__main__":
    main()
