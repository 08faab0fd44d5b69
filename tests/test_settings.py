"""The settings module reads the environment: run it in a fresh interpreter for each case."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), 'eager': settings.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': settings.CELERY_BROKER_URL, 'queue': settings.CELERY_BROKER_TRANSPORT_OPTIONS.get('data_folder_in'), "
    "'debug': settings.DEBUG, 'limit': settings.FACTCHECK_MAX_UPLOAD_BYTES, "
    "'options': settings.DATABASES['default'].get('OPTIONS', {})}))"
)


def probe(env: dict[str, str]) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DATABASE_URL", "CELERY_BROKER_URL", "DEBUG", "FACTCHECK_TASKS_IN_PROCESS"}
        | {"DATABASE_PREPARED_STATEMENTS", "DATABASE_PREPARE_AFTER"}
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_nothing_set_it_embeds_sqlite_and_a_broker_under_var_and_never_runs_tasks_in_process(tmp_path):
    found = probe({"FACTCHECK_VAR_DIR": str(tmp_path)})
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(tmp_path / "factcheck.sqlite3")
    assert found["eager"] is False
    assert found["broker"].startswith("filesystem://")
    assert found["queue"] == str(tmp_path / "broker" / "queue")
    assert found["debug"] is False


def test_running_tasks_in_process_is_an_explicit_choice(tmp_path):
    assert probe({"FACTCHECK_VAR_DIR": str(tmp_path), "FACTCHECK_TASKS_IN_PROCESS": "true"})["eager"] is True


def test_with_urls_set_it_uses_postgresql_and_workers():
    found = probe(
        {
            "DATABASE_URL": "postgres://u@db:5432/news",
            "CELERY_BROKER_URL": "redis://r:6379/0",
            "FACTCHECK_MAX_UPLOAD_BYTES": "1000",
            "SECRET_KEY": "s3cret",
        }
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["name"] == "news"
    assert found["eager"] is False
    assert found["broker"] == "redis://r:6379/0" and found["queue"] is None
    assert found["limit"] == 1000
    # PostgreSQL binds the parameters and prepares what a connection repeats (factcheck/db.py for stale plans).
    assert found["options"] == {"server_side_binding": True, "prepare_threshold": 5}


def test_prepared_statements_can_be_turned_off_for_a_connection_pooler():
    urls = {"DATABASE_URL": "postgres://u@db:5432/news", "SECRET_KEY": "s3cret"}
    assert probe({**urls, "DATABASE_PREPARED_STATEMENTS": "false"})["options"] == {}
    assert probe({**urls, "DATABASE_PREPARE_AFTER": "2"})["options"]["prepare_threshold"] == 2


def failed_start(env: dict[str, str], *, unset: tuple[str, ...] = ()) -> str:
    """Start the settings in a fresh interpreter that must refuse them; return what it printed on stderr."""
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    return result.stderr


def test_production_on_postgresql_refuses_to_start_without_a_secret_key():
    stderr = failed_start({"DATABASE_URL": "postgres://u@db:5432/news"}, unset=("SECRET_KEY", "DEBUG"))

    assert "SECRET_KEY must be set when running on PostgreSQL without DEBUG" in stderr


def test_a_malformed_boolean_is_a_clear_configuration_error():
    stderr = failed_start({"DEBUG": "maybe"})

    assert "DEBUG must be a boolean (true/false), got 'maybe'" in stderr


def test_an_unknown_model_precision_is_a_clear_configuration_error():
    stderr = failed_start({"FACTCHECK_MODEL_PRECISION": "int8"})

    assert "FACTCHECK_MODEL_PRECISION must be auto, float32 or bfloat16, got 'int8'" in stderr


def test_an_unknown_model_runtime_is_a_clear_configuration_error():
    stderr = failed_start({"FACTCHECK_MODEL_RUNTIME": "tensorrt"})

    assert "FACTCHECK_MODEL_RUNTIME must be onnx or torch, got 'tensorrt'" in stderr
