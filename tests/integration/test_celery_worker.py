"""A real Celery worker process, fed through real Redis, analyses an upload stored in real PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles.importing import SAMPLE_CORPUS_DIR, collect_files, import_file
from articles.models import Article
from claims import services as claim_services
from claims.models import Evidence
from docs.examples.verify_signature import verify_signature
from partners import services as partner_services
from partners.models import WebhookDelivery
from tests.factories import ClaimFactory, editor, reviewer
from tests.partners.test_webhooks import Receiver

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(settings, request) -> Iterator[subprocess.Popen[str]]:
    if connection.vendor != "postgresql" or not os.environ.get("CELERY_BROKER_URL"):
        pytest.fail("the integration test needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis): run make test")
    from factcheck.celery import app

    broker = os.environ["CELERY_BROKER_URL"]
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.broker_url = broker
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "PYTHONUNBUFFERED": "1",
        # A failed webhook is retried after seconds, not the production half-minute.
        "FACTCHECK_WEBHOOK_BACKOFF_BASE_SECONDS": "1",
        # Which runtime runs the float32 encoders (a test may ask for ONNX Runtime through indirect parametrisation).
        "FACTCHECK_MODEL_RUNTIME": getattr(request, "param", "torch"),
    }
    log_path = ROOT / "test-artifacts" / "celery-worker.log"
    log_path.parent.mkdir(exist_ok=True)
    log = log_path.open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"itest-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield worker
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
        app.conf.task_always_eager = True


def wait_for(predicate, timeout: float, worker: subprocess.Popen[str]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        assert worker.poll() is None, "the Celery worker died: see test-artifacts/celery-worker.log"
        time.sleep(0.5)
    raise AssertionError("timed out: see test-artifacts/celery-worker.log")


def test_a_real_worker_analyses_uploads_end_to_end(celery_worker_process):
    entries = {e.path.name: e for e in collect_files([str(SAMPLE_CORPUS_DIR)])}
    first = import_file(entries["wire-original.txt"], default_source=None).article
    second = import_file(entries["broadcaster-update.txt"], default_source=None).article
    assert first is not None and second is not None
    # The web process only queued them: the analysis happens in the worker.
    assert Article.objects.get(pk=first.pk).status in {"queued", "processing"}

    def finished() -> bool:
        return not Article.objects.filter(pk__in=[first.pk, second.pk]).in_progress().exists()

    wait_for(finished, timeout=240, worker=celery_worker_process)
    for article in Article.objects.filter(pk__in=[first.pk, second.pk]):
        assert article.status == "done", article.error_message
        assert article.progress == 100 and article.attempts == 1
        assert article.claims.exists()
    wait_for(
        lambda: Evidence.objects.filter(claim__article_id=first.pk, passage__article_id=second.pk).exists(),
        timeout=60,
        worker=celery_worker_process,
    )
    contradiction = Evidence.objects.filter(claim__article_id=second.pk, stance="contradicts").first()
    assert contradiction is not None, "the conflicting death toll was not flagged"


@pytest.mark.parametrize("celery_worker_process", ["onnx"], indirect=True)
def test_a_real_worker_running_its_encoders_in_onnx_runtime_analyses_an_upload(celery_worker_process):
    # The opt-in runtime end to end in a real prefork worker: sessions built after the fork, at warm-up, on the
    # worker's thread budget (the import order that once crashed onnxruntime is guarded in tests/models).
    entries = {e.path.name: e for e in collect_files([str(SAMPLE_CORPUS_DIR)])}
    first = import_file(entries["wire-original.txt"], default_source=None).article
    second = import_file(entries["broadcaster-update.txt"], default_source=None).article
    assert first is not None and second is not None

    def finished() -> bool:
        return not Article.objects.filter(pk__in=[first.pk, second.pk]).in_progress().exists()

    wait_for(finished, timeout=240, worker=celery_worker_process)
    for article in Article.objects.filter(pk__in=[first.pk, second.pk]):
        assert article.status == "done", article.error_message
        assert article.claims.exists()
    assert Evidence.objects.filter(claim__article_id=second.pk, stance="contradicts").exists()
    log = (ROOT / "test-artifacts" / "celery-worker.log").read_text()
    assert "bi-encoder in float32 (onnx)" in log
    assert "check-worthiness head checkworthiness_minilm.npz in float32 (onnx)" in log


def test_publishing_a_verdict_reaches_a_partner_webhook_through_the_worker_with_retries(celery_worker_process):
    with Receiver() as receiver:
        receiver.statuses = [503]  # the partner's endpoint is briefly down
        partner = partner_services.partner_create(name="Harbour Times")
        subscription, secret = partner_services.subscription_create(partner=partner, url=receiver.url)
        claim = ClaimFactory(article__url="https://outlet.example/flood")
        claim_services.claim_set_verdict(
            claim_id=claim.pk,
            verdict="disputed",
            rationale="Two outlets disagree on the toll.",
            reviewer=reviewer(),
            expected_version=claim.version,
        )
        claim_services.claim_publish(claim_id=claim.pk, editor=editor())

        def delivered() -> bool:
            return WebhookDelivery.objects.filter(subscription=subscription, status="succeeded").exists()

        wait_for(delivered, timeout=60, worker=celery_worker_process)
        delivery = WebhookDelivery.objects.get(subscription=subscription)
        assert delivery.attempts == 2 and delivery.last_status_code == 200
        assert len(receiver.requests) == 2
        ids = {request["headers"]["X-Delivery-Id"] for request in receiver.requests}
        assert ids == {str(delivery.delivery_id)}  # the retry repeats the same id, so the partner can dedupe
        final = receiver.requests[-1]
        assert verify_signature(secret, final["body"], final["headers"]["X-Signature"])
