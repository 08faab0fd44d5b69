"""A real Celery worker turns claims' events into notifications and e-mails each one once over real SMTP."""

from __future__ import annotations

import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from claims import services as claim_services
from newsroom import services
from newsroom.models import Notification
from newsroom.tasks import notification_email_task
from tests.factories import ArticleFactory, ClaimFactory, editor, moderator, reviewer
from tests.integration.test_celery_worker import _database_url, wait_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


class SmtpSink:
    """A minimal SMTP server on 127.0.0.1 that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write((line + "\r\n").encode())

            def handle(self) -> None:
                self.reply("220 sink ready")
                envelope: dict[str, Any] = {"to": []}
                while line := self.rfile.readline().decode():
                    command = line.strip().upper()
                    if command.startswith(("EHLO", "HELO")):
                        self.reply("250 sink")
                    elif command.startswith("MAIL FROM"):
                        envelope = {"from": line.strip()[10:], "to": []}
                        self.reply("250 ok")
                    elif command.startswith("RCPT TO"):
                        envelope["to"].append(line.strip()[8:])
                        self.reply("250 ok")
                    elif command == "DATA":
                        self.reply("354 go on")
                        body = []
                        while (data := self.rfile.readline().decode()) not in (".\r\n", ""):
                            body.append(data)
                        sink.messages.append({**envelope, "data": "".join(body), "at": time.monotonic()})
                        self.reply("250 queued")
                    elif command == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("250 ok")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    yield sink
    sink.close()


@pytest.fixture
def worker(settings: Any, smtp: SmtpSink) -> Iterator[subprocess.Popen[str]]:
    if connection.vendor != "postgresql" or not os.environ.get("CELERY_BROKER_URL"):
        pytest.fail("the integration test needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)")
    from factcheck.celery import app

    broker = os.environ["CELERY_BROKER_URL"]
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.broker_url = broker
    with app.connection_for_write() as conn:
        for queue in ("celery", "housekeeping"):
            conn.default_channel.queue_purge(queue)
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "PYTHONUNBUFFERED": "1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_USE_TLS": "false",
        "FACTCHECK_NOTIFICATION_EMAIL": "true",
    }
    log_path = ROOT / "test-artifacts" / "notification-worker.log"
    log_path.parent.mkdir(exist_ok=True)
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--loglevel=INFO", "--concurrency=1",
         "--pool=prefork", "--without-gossip", "--without-mingle", "-Q", "housekeeping", "-n",
         f"notify-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        wait_for(lambda: " ready." in log_path.read_text(), timeout=60, worker=process)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        app.conf.task_always_eager = True


def test_a_worker_notifies_mentions_assignments_and_overrides_and_emails_each_once(
    worker: subprocess.Popen[str], smtp: SmtpSink
) -> None:
    ed, rita, mo = editor(username="ed"), reviewer(username="rita"), moderator(username="mo")
    article: Any = ArticleFactory(body="At least 14 people were killed when the bridge collapsed, officials said.")
    claim: Any = ClaimFactory(article=article, start=0, end=len(article.body), score=0.9)

    started = time.monotonic()
    services.note_create(claim_id=claim.pk, author=ed, body="@rita can you take this one?")
    claim_services.claims_assign(claim_ids=[claim.pk], assignee=rita, actor=ed)
    claim = claim_services.claim_set_verdict(
        claim_id=claim.pk, verdict="supported", rationale="Police confirm.", reviewer=rita, expected_version=2
    )
    claim_services.claim_set_verdict(
        claim_id=claim.pk, verdict="disputed", rationale="Hospital says 19.", reviewer=mo, expected_version=3
    )
    # The request side only recorded events: the worker makes the notifications and sends the mail.
    wait_for(lambda: len(smtp.messages) >= 3, timeout=60, worker=worker)
    first, third = (smtp.messages[i]["at"] - started for i in (0, 2))
    print(f"e-mails arrived {first:.2f} s (first) and {third:.2f} s (third) after the note was written")
    kinds = set(Notification.objects.filter(recipient=rita).values_list("kind", flat=True))
    assert kinds == {"mention", "assigned", "verdict_overridden"}
    assert all(message["to"] == ["<rita@desk.example>"] for message in smtp.messages)

    # Running every e-mail task again (a redelivered message) sends nothing more.
    for notification_id in Notification.objects.values_list("pk", flat=True):
        notification_email_task.delay(notification_id)
    log = ROOT / "test-artifacts" / "notification-worker.log"

    def email_tasks_done() -> int:
        return sum("notification_email_task[" in line and "succeeded" in line for line in log.read_text().splitlines())

    wait_for(lambda: email_tasks_done() == 6, timeout=60, worker=worker)
    assert len(smtp.messages) == 3
    assert Notification.objects.filter(email_status="sent", email_attempts=1).count() == 3
