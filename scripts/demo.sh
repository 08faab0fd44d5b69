#!/usr/bin/env bash
# Set up, run the sample corpus through the whole pipeline, then serve the web UI.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# No DEBUG: people trying the demo get the desk's own 404/500 pages, not Django's debug page listing every route.
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0  # WhiteNoise serves these when DEBUG is off
LOG_LEVEL="${LOG_LEVEL:-WARNING}" .venv/bin/python manage.py demo
PORT="${PORT:-8000}"
echo
echo "Open http://127.0.0.1:$PORT/ and sign in as editor, reviewer or moderator (password: demo). Ctrl-C stops."
exec .venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload
