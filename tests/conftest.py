"""Test-wide settings. Tests run against whatever DATABASE_URL / CELERY_BROKER_URL the test command sets
(PostgreSQL and Redis in CI); in-process tests run Celery tasks eagerly, the integration tests start real workers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Django's live_server runs in a thread while Playwright's sync API owns an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS_DIR = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Webhook tests receive on 127.0.0.1 over http; tests/security checks the production rule with this off.
    settings.FACTCHECK_WEBHOOK_ALLOW_INSECURE_URLS = True
    # Each test gets its own vector index directory and a fresh in-process view (the database rolls back under it).
    settings.FACTCHECK_VECTOR_INDEX_DIR = tmp_path / "vector_index"
    from articles import vector_index

    vector_index.reset()
    # Rendered API pages outlive a test's rolled-back rows in the in-memory cache: each test starts without any
    # (only an in-memory one: clearing a Redis cache would flush the whole Redis database).
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["api_pages"], LocMemCache):
        caches["api_pages"].clear()
    from factcheck.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR
