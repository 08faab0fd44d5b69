"""Real services for fault drills: a Redis broker of our own on a spare loopback port, Celery workers (with beat) we
can SIGKILL, and a webhook receiver that can go down and come back on the same port.

Used by tests/integration/test_faults.py and by the operator's drill, benchmarks/faults/run_faults.py. Nothing here
touches a shared service: every process it stops is one it started, stopped by its own PID.
"""

from __future__ import annotations

import collections
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

# Short leases and sweeps, so a drill heals in seconds rather than the production minutes.
FAST_RECOVERY_ENV = {
    "FACTCHECK_OUTBOX_SWEEP_SECONDS": "2",
    "FACTCHECK_OUTBOX_SWEEP_GRACE_SECONDS": "1",
    "FACTCHECK_OUTBOX_LEASE_SECONDS": "10",
    "FACTCHECK_RECOVERY_SWEEP_SECONDS": "3",
    "FACTCHECK_PROCESSING_LEASE_SECONDS": "12",
    "FACTCHECK_REQUEUE_AFTER_SECONDS": "20",
    "FACTCHECK_WEBHOOK_SWEEP_SECONDS": "3",
    "FACTCHECK_WEBHOOK_SWEEP_GRACE_SECONDS": "2",
    "FACTCHECK_WEBHOOK_BACKOFF_BASE_SECONDS": "1",
    "FACTCHECK_WEBHOOK_BACKOFF_MAX_SECONDS": "4",
    "FACTCHECK_WEBHOOK_TIMEOUT_SECONDS": "3",
}


WORKER_APPLICATION_NAME = "fault-drill-worker"
CUT_WORKER_CONNECTIONS_SQL = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    f"WHERE datname = current_database() AND application_name = '{WORKER_APPLICATION_NAME}'"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return False
    return True


class RedisBroker:
    """A throwaway redis-server on a loopback port; `stop` kills exactly that process (its queue is lost with it)."""

    def __init__(self, port: int | None = None) -> None:
        if shutil.which("redis-server") is None:
            raise RuntimeError("redis-server is not installed")
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not _listening(self.port):
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("redis-server did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()  # an abrupt broker loss, as a crash or a restart without persistence
            self.process.wait(timeout=10)
        self.process = None


def point_celery_at(app: Any, url: str) -> dict[str, Any]:
    """Move this process's Celery publisher to `url`; returns the old settings for `restore_celery`."""
    urls = ("broker_url", "broker_write_url", "broker_read_url")
    original = {key: app.conf[key] for key in urls}
    # Celery resolved the read and write URLs from broker_url at start-up: all three must move.
    app.conf.update(dict.fromkeys(urls, url))
    _drop_pools(app)
    return original


def restore_celery(app: Any, original: dict[str, Any]) -> None:
    app.conf.update(original)
    _drop_pools(app)


def _drop_pools(app: Any) -> None:
    import kombu.pools

    # Celery and kombu cache connection and producer pools per process; new ones follow the current broker URL.
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    kombu.pools.reset()


class Worker:
    """`celery worker --beat` in its own process group (as `make worker` runs it), logging to `log_path`."""

    def __init__(self, *, database_url: str, broker_url: str, log_path: Path, extra_env: dict[str, str]) -> None:
        self.database_url = database_url
        self.broker_url = broker_url
        self.log_path = log_path
        self.extra_env = extra_env
        self.process: subprocess.Popen[bytes] | None = None
        self.schedule_dir = tempfile.mkdtemp(prefix="fault-beat-")
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        env = {
            **os.environ,
            **FAST_RECOVERY_ENV,
            **self.extra_env,
            # Named, so a drill can cut exactly this worker's database connections (pg_terminate_backend).
            "DATABASE_URL": f"{self.database_url}{'&' if '?' in self.database_url else '?'}"
            f"application_name={WORKER_APPLICATION_NAME}",
            "CELERY_BROKER_URL": self.broker_url,
            "PYTHONUNBUFFERED": "1",
        }
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("a") as log:
            log.write(f"\n===== worker start #{self.starts} =====\n")
            log.flush()
            self.process = subprocess.Popen(
                [
                    *(["nice", "-n", "10"] if shutil.which("nice") else []),
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "factcheck",
                    "worker",
                    "--beat",
                    f"--schedule={self.schedule_dir}/celerybeat-schedule",
                    "--loglevel=INFO",
                    "--concurrency=2",
                    "--pool=prefork",
                    "--without-gossip",
                    "--without-mingle",
                    "-n",
                    f"faults-{os.getpid()}-{self.starts}@%h",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: a SIGKILL takes the pool children with it
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the worker, its pool children and its beat: nothing gets to clean up."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.schedule_dir, ignore_errors=True)


class Receiver:
    """A partner's endpoint on a fixed loopback port: counts requests per delivery id; `down` closes the port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hooks/factcheck"
        self.requests: list[dict[str, Any]] = []
        self.by_delivery: collections.Counter[str] = collections.Counter()
        self.delay = 0.0  # seconds before answering: a slow endpoint keeps an attempt in flight
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def up(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver._lock:
                    receiver.requests.append({"headers": dict(self.headers), "body": body, "at": time.monotonic()})
                    receiver.by_delivery[self.headers["X-Delivery-Id"]] += 1
                time.sleep(receiver.delay)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self._server = None


def article_done(*ids: int) -> bool:
    """Every article in `ids` finished its analysis."""
    from articles.models import Article

    return Article.objects.filter(pk__in=ids, status=Article.Status.DONE).count() == len(ids)


def article_running(article_id: int, *, past: int = 15) -> bool:
    """The article's run is under way and at least `past` % through.

    Fails at once when the run already finished: a fault aimed at a running analysis would miss it, and on a fast
    machine a short article can finish between two polls.
    """
    from articles.models import Article

    status, progress = Article.objects.filter(pk=article_id).values_list("status", "progress").get()
    if status == Article.Status.DONE:
        raise AssertionError(f"article {article_id} finished before the fault could be injected mid-run")
    return bool(status == Article.Status.PROCESSING and progress >= past)


def wait_for(
    predicate: Callable[[], bool], *, timeout: float, what: str, workers: tuple[Worker, ...] = (), poll: float = 0.5
) -> float:
    """Poll until `predicate()` holds; returns the seconds it took. Fails if a worker died or the deadline passed."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        for worker in workers:
            if worker.process is not None and worker.process.poll() is not None:
                raise AssertionError(f"the Celery worker exited while waiting for {what}: see {worker.log_path}")
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
