#!/usr/bin/env bash
# Every background process an installation needs, in one command (`make worker`, and `make demo` in the background):
# - the analysis worker (queue "celery", WORKER_CONCURRENCY processes, 2 by default);
# - the housekeeping worker (queue "housekeeping": outbox, recovery and webhook sweeps, webhook deliveries), one
#   process, so a long analysis never delays them, with the beat scheduler inside it.
# With CELERY_BROKER_URL they use that broker (Redis); without it, the embedded broker under var/broker/.
# SIGINT/SIGTERM stop both (a running task finishes first: Celery's warm shutdown). If either exits, the other is
# stopped too and the script exits with its status, so a supervisor restarts the pair.
set -euo pipefail
cd "$(dirname "$0")/.."
var_dir="${FACTCHECK_VAR_DIR:-var}"
mkdir -p "$var_dir"
celery=(.venv/bin/celery -A factcheck worker --loglevel="${LOG_LEVEL:-info}" --without-gossip --without-mingle)

"${celery[@]}" -Q celery -n "analysis-$$@%h" --concurrency="${WORKER_CONCURRENCY:-2}" &
analysis=$!
"${celery[@]}" -Q housekeeping -n "housekeeping-$$@%h" --concurrency=1 \
  --beat --schedule="$var_dir/celerybeat-schedule" &
housekeeping=$!

stop() {
  trap - INT TERM
  kill -TERM "$analysis" "$housekeeping" 2>/dev/null || true
  wait "$analysis" "$housekeeping" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM

status=0
wait -n "$analysis" "$housekeeping" || status=$?
echo "worker.sh: a worker exited (status $status); stopping the other" >&2
stop
exit "$status"
