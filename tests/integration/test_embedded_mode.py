"""The embedded mode as `make demo` runs it: SQLite and the file broker under one var/ folder, the web server and
scripts/worker.sh (analysis worker, housekeeping worker, beat) as separate processes. An upload of a ~5,000-word
article is answered at once and analysed by the worker."""

from __future__ import annotations

import csv
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
FNC1_BODIES = (
    Path(os.environ.get("FACTCHECK_BENCHMARK_DATA", "/work/shared/data/benchmarks")) / "fnc1" / "train_bodies.csv"
)
LONG_BODY_ID = "1362"  # the longest FNC-1 training body: 4,788 words
PASSWORD = "embedded-mode-test"

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Stack:
    url: str
    var_dir: Path
    workers: subprocess.Popen[bytes]
    web: subprocess.Popen[bytes]
    worker_log: Path
    env: dict[str, str]

    def assert_alive(self) -> None:
        assert self.workers.poll() is None, f"scripts/worker.sh exited: see {self.worker_log}"
        assert self.web.poll() is None, "the web server exited"


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def embedded_stack(tmp_path: Path) -> Iterator[Stack]:
    drop = {"DATABASE_URL", "CELERY_BROKER_URL", "FACTCHECK_TASKS_IN_PROCESS", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env |= {
        "FACTCHECK_VAR_DIR": str(tmp_path),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "PYTHONUNBUFFERED": "1",
        "WORKER_CONCURRENCY": "1",
        "LOG_LEVEL": "INFO",
    }
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User; "
        f"User.objects.create_user('desk.editor', password='{PASSWORD}').groups.add(Group.objects.get(name='editor'))",
    )
    worker_log = ROOT / "test-artifacts" / "embedded-workers.log"
    worker_log.parent.mkdir(exist_ok=True)
    port = _free_port()
    with worker_log.open("w") as log:
        workers = subprocess.Popen(
            ["bash", "scripts/worker.sh"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        web = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    stack = Stack(f"http://127.0.0.1:{port}", tmp_path, workers, web, worker_log, env)
    try:
        deadline = time.monotonic() + 60
        while True:
            stack.assert_alive()
            try:
                if requests.get(f"{stack.url}/healthz", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "the web server did not answer in 60 s"
            time.sleep(0.5)
        yield stack
    finally:
        _stop(web)
        _stop(workers)


def _signed_in(stack: Stack) -> requests.Session:
    session = requests.Session()
    session.get(f"{stack.url}/accounts/login/", timeout=10)
    response = session.post(
        f"{stack.url}/accounts/login/",
        data={"username": "desk.editor", "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{stack.url}/accounts/login/"},
        timeout=10,
    )
    assert response.ok and "sessionid" in session.cookies
    return session


def _long_article() -> str:
    if not FNC1_BODIES.exists():
        pytest.skip(f"FNC-1 bodies not found at {FNC1_BODIES}")
    with FNC1_BODIES.open(encoding="utf-8", newline="") as handle:
        body = next(row["articleBody"] for row in csv.DictReader(handle) if row["Body ID"] == LONG_BODY_ID)
    assert len(body.split()) > 4500
    return body


def test_a_long_upload_is_answered_at_once_and_analysed_by_the_worker(embedded_stack: Stack) -> None:
    session = _signed_in(embedded_stack)
    session.get(f"{embedded_stack.url}/articles/upload/", timeout=10)
    body = _long_article()
    started = time.monotonic()
    response = session.post(
        f"{embedded_stack.url}/articles/upload/",
        data={"source_name": "FNC-1 sample", "source_domain": "fnc1.example", "source_kind": "online"},
        files={"uploads": ("fnc1-1362.txt", body.encode(), "text/plain")},
        headers={
            "Accept": "application/json",
            "X-CSRFToken": session.cookies["csrftoken"],
            "Referer": f"{embedded_stack.url}/articles/upload/",
        },
        timeout=30,
    )
    answered_in = time.monotonic() - started
    assert response.status_code == 201, response.text
    [result] = response.json()["results"]
    print(f"upload of a {len(body.split())}-word article answered in {answered_in:.3f} s")
    assert answered_in < 1.0
    assert result["status_code"] in {"queued", "processing"}  # the request only queued it

    deadline = time.monotonic() + 600
    seen_progress = set()
    while True:
        embedded_stack.assert_alive()
        state = session.get(
            f"{embedded_stack.url}{result['status_url']}", headers={"Accept": "application/json"}, timeout=10
        ).json()
        seen_progress.add(state["progress"])
        if state["finished"]:
            break
        assert time.monotonic() < deadline, f"not analysed in 600 s: {state}; see {embedded_stack.worker_log}"
        time.sleep(1)
    assert state["status"] == "done", state["error"]
    assert state["claims"] > 0
    assert any(0 < p < 100 for p in seen_progress)  # the page could follow it stage by stage
    log = embedded_stack.worker_log.read_text()
    assert re.search(r"claims\.tasks\.article_process_task\[[0-9a-f-]+\] succeeded", log)
    # Held messages are released once acknowledged: nothing is left for a restart to run again.
    assert list((embedded_stack.var_dir / "broker" / "held").iterdir()) == []

    # The partner feed runs its own SQL (rows with an evidence digest per claim): it must work on SQLite too.
    created = subprocess.run(
        [sys.executable, "manage.py", "create_partner", "Embedded partner"],
        cwd=ROOT,
        env=embedded_stack.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip().splitlines()[-1]
    feed = requests.get(f"{embedded_stack.url}/api/v1/claims/", headers={"Authorization": f"Bearer {key}"}, timeout=30)
    assert feed.status_code == 200, feed.text
    assert isinstance(feed.json()["results"], list)
    again = requests.get(
        f"{embedded_stack.url}/api/v1/claims/",
        headers={"Authorization": f"Bearer {key}", "If-None-Match": feed.headers["ETag"]},
        timeout=30,
    )
    assert again.status_code == 304
