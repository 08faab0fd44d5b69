.PHONY: demo test lint format worker

demo:  ## set up .venv, run the sample corpus through the pipeline, start the workers, serve the web UI (PORT=8000)
	scripts/demo.sh

test:  ## the whole suite: ruff, import-linter, mypy, pytest on PostgreSQL + Redis + a Celery worker + Chromium
	scripts/test.sh

lint:  ## ruff, import-linter's contracts, mypy
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/lint-imports --no-logo && .venv/bin/mypy .

format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

worker:  ## every background process an installation needs: the analysis worker, the housekeeping worker and beat
	scripts/worker.sh
