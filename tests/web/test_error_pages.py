"""Error pages: the desk's own 404 and 500 pages, also in the demo, which runs without DEBUG like production."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_script_does_not_turn_debug_on() -> None:
    exported = subprocess.run(
        ["bash", "-c", 'eval "$(grep -E "^export " scripts/demo.sh)"; printf %s "${DEBUG:-}"'],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DEBUG"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert exported.lower() not in {"1", "true", "yes", "on"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


@pytest.mark.slow
def test_the_demo_server_shows_the_desks_404_page_and_still_serves_static_files(tmp_path: Path) -> None:
    """The demo's steps (collectstatic, runserver) with the demo's environment: no DEBUG, embedded SQLite."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DEBUG"}},
        "FACTCHECK_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = _get(f"{base}/healthz")
                break
            except (ConnectionError, urllib.error.URLError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        status, _, page = _get(f"{base}/no-such-page/")
        assert status == 404
        assert "There is nothing at this address" in page
        assert "URLconf" not in page and "claims/&lt;int:pk&gt;" not in page  # not Django's debug page
        status, content_type, css = _get(f"{base}/static/css/app.css")
        assert status == 200, css[:200]
        assert content_type.startswith("text/css")
        assert ".review-layout" in css
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_server_error_shows_the_desks_500_page(db: object) -> None:
    response = server_error(RequestFactory().get("/claims/1/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "back to the dashboard" in page
