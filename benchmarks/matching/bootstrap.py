"""Put the repository and benchmarks/ on sys.path for scripts run by path (a site-packages `benchmarks` shadows -m)."""

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS_DIR = Path(__file__).resolve().parents[1]  # modules shared by every benchmark folder
for path in (REPO_ROOT, BENCHMARKS_DIR):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
