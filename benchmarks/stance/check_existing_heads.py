"""Check that every single-logit head scores exactly as it did under an earlier engine/models/minilm.py.

    .venv/bin/python benchmarks/stance/check_existing_heads.py b2df572

Loads each shipped single-logit head with the `engine/models/minilm.py` of git revision REV and with the current one,
and prints the largest logit difference on a few single texts and text pairs (the k-class head format must not change
what the existing heads compute).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from stance_data import REPO_ROOT

from engine.models import WEIGHTS_DIR
from engine.models import minilm as current

TEXTS = ["The minister resigned on Tuesday.", "Officials said 14 people died when the bridge collapsed.", "Hello"]
SECOND = ["The minister stepped down this week.", "At least 19 people were killed.", "World"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revision")
    args = parser.parse_args()
    source = subprocess.run(
        ["git", "show", f"{args.revision}:engine/models/minilm.py"], cwd=REPO_ROOT, check=True, capture_output=True
    ).stdout
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "minilm_before.py"
        path.write_bytes(source)
        spec = importlib.util.spec_from_file_location("minilm_before", path)
        assert spec is not None and spec.loader is not None
        before = importlib.util.module_from_spec(spec)
        sys.modules["minilm_before"] = before
        spec.loader.exec_module(before)
    worst = 0.0
    for head_path in sorted(WEIGHTS_DIR.glob("*.npz")):
        if head_path.name.startswith("stance"):
            continue
        try:
            old = before.FineTunedHead(head_path)
        except before.HeadLoadError:
            print(f"{head_path.name:28s} not a MiniLM head (another model's weights): skipped")
            continue
        new = current.FineTunedHead(head_path)
        for second in (None, SECOND):
            gap = float(np.abs(old.logits(TEXTS, second) - new.logits(TEXTS, second)).max())
            worst = max(worst, gap)
            print(f"{head_path.name:28s} {'pairs' if second else 'texts'}: max |logit difference| {gap:.2e}")
    print(f"largest difference over all heads: {worst:.2e}")


if __name__ == "__main__":
    main()
