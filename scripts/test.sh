#!/usr/bin/env bash
# The whole test suite: ruff, import-linter, mypy, then pytest on PostgreSQL, Redis, a Celery worker and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/services.sh
export DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/factcheck}"
export CELERY_BROKER_URL="${TEST_CELERY_BROKER_URL:-redis://127.0.0.1:6379/15}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
export SECRET_KEY="${SECRET_KEY:-test-only-$(date +%s)-$$}"
echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> import-linter (contracts in pyproject.toml)"
.venv/bin/lint-imports --no-logo
echo "==> mypy"
.venv/bin/mypy .
echo "==> pytest (PostgreSQL: $DATABASE_URL, broker: $CELERY_BROKER_URL)"
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "!! pytest collected no tests (exit 5): the suite did not run" >&2
  exit 1
fi
exit "$status"
