#!/usr/bin/env bash
# Set up, run the sample corpus through the whole pipeline, start the workers in the background (scripts/worker.sh:
# analysis, housekeeping and beat, on the embedded broker under var/ unless CELERY_BROKER_URL is set), then serve
# the web UI on PORT (8000). Ctrl-C stops the web server and the workers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# No DEBUG: people trying the demo get the desk's own 404/500 pages, not Django's debug page listing every route.
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0  # WhiteNoise serves these when DEBUG is off
LOG_LEVEL="${LOG_LEVEL:-WARNING}" .venv/bin/python manage.py demo
PORT="${PORT:-8000}"
# ClaimReview's url and the public fact-check pages name this server, on the port it really listens on.
export FACTCHECK_SITE_URL="${FACTCHECK_SITE_URL:-http://127.0.0.1:$PORT}"

var_dir="${FACTCHECK_VAR_DIR:-var}"
worker_log="$var_dir/worker.log"
# The workers get a session (process group) of their own, so stopping them stops every pool process with them.
setsid scripts/worker.sh >"$worker_log" 2>&1 &
workers=$!
web=""
stop() {
  trap - INT TERM EXIT
  if [ -n "$web" ]; then kill -TERM "$web" 2>/dev/null || true; fi
  kill -TERM "$workers" 2>/dev/null || true  # worker.sh passes it on: each worker's warm shutdown
  # A warm shutdown lets a running task finish; after 10 s the whole group is killed, and the message of a task cut
  # short goes back to the queue when the workers next start (the embedded broker keeps it until the ack).
  for _ in $(seq 20); do
    kill -0 -- "-$workers" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$workers" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

echo
echo "Workers running in the background (log: $worker_log)."
echo "Open http://127.0.0.1:$PORT/ and sign in as editor, reviewer or moderator (password: demo). Ctrl-C stops."
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload &
web=$!
# Whichever stops first stops the demo: a web server without workers would queue uploads that nothing analyses.
status=0
wait -n "$web" "$workers" || status=$?
if ! kill -0 "$workers" 2>/dev/null; then echo "The workers stopped (status $status): see $worker_log" >&2; fi
exit "$status"
