#!/usr/bin/env bash
# Set up, run the sample corpus through the whole pipeline, then serve the web UI.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 DEBUG="${DEBUG:-true}"
.venv/bin/python manage.py migrate --noinput -v0
LOG_LEVEL="${LOG_LEVEL:-WARNING}" .venv/bin/python manage.py demo
PORT="${PORT:-8000}"
echo
echo "Open http://127.0.0.1:$PORT/ and sign in as editor, reviewer or moderator (password: demo). Ctrl-C stops."
exec .venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload
