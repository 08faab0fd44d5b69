"""Project-level guarantees: migrations are complete, the compose file describes a working stack.

Requirements and the Docker image are covered by tests/test_packaging.py."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"models have changes without a migration:\n{out.getvalue()}")
        raise AssertionError from exc


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_postgres_redis_migrate_web_workers_and_beat(compose):
    assert set(compose["services"]) == {"postgres", "redis", "migrate", "web", "worker", "housekeeping", "beat"}
    assert compose["services"]["postgres"]["image"].startswith("postgres:15")
    assert compose["services"]["redis"]["image"].startswith("redis:")


def test_every_long_running_service_has_a_healthcheck(compose):
    for name in ("postgres", "redis", "web", "worker", "housekeeping"):
        check = compose["services"][name]["healthcheck"]
        assert check["test"] and check["interval"] and check["retries"] >= 3, name


def test_web_is_gunicorn_and_worker_and_beat_are_celery_on_the_same_image(compose):
    web, worker, beat, migrate = (compose["services"][n] for n in ("web", "worker", "beat", "migrate"))
    assert web["command"][:2] == ["gunicorn", "factcheck.wsgi:application"]
    assert worker["command"][:4] == ["celery", "-A", "factcheck", "worker"]
    assert beat["command"][:4] == ["celery", "-A", "factcheck", "beat"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert web["image"] == worker["image"] == beat["image"] == migrate["image"]
    assert web["environment"] == worker["environment"] == beat["environment"]
    assert (ROOT / web["build"] / "Dockerfile").is_file()
    housekeeping = compose["services"]["housekeeping"]
    assert housekeeping["command"][:4] == ["celery", "-A", "factcheck", "worker"]
    assert housekeeping["image"] == web["image"] and housekeeping["environment"] == web["environment"]


def test_the_analysis_and_the_housekeeping_worker_consume_their_own_queues(compose):
    worker, housekeeping = compose["services"]["worker"]["command"], compose["services"]["housekeeping"]["command"]
    assert worker[worker.index("-Q") + 1] == "celery"
    assert housekeeping[housekeeping.index("-Q") + 1] == "housekeeping"
    assert "--concurrency=1" in housekeeping


def test_migrate_runs_once_before_the_app_starts(compose):
    services = compose["services"]
    assert services["migrate"]["restart"] == "no"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("web", "worker", "housekeeping", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_the_app_points_at_the_compose_services(compose):
    environment = compose["services"]["web"]["environment"]
    database = compose["services"]["postgres"]["environment"]
    assert environment["DATABASE_URL"] == (
        f"postgres://{database['POSTGRES_USER']}:{database['POSTGRES_PASSWORD']}@postgres:5432/{database['POSTGRES_DB']}"
    )
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    assert environment["DEBUG"] == "false"
