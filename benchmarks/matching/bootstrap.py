"""Make the repository importable from a benchmark script run by path (a site-packages `benchmarks` shadows -m)."""

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
