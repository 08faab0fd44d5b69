"""The transactional outbox: an event exists exactly when its write does, and a broker outage only delays it."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from celery import shared_task
from django.db import transaction
from django.utils import timezone

from outbox import registry, services
from outbox.models import OutboxEvent
from tests.integration.fault_harness import point_celery_at, restore_celery

TOPIC = "test.something_happened"
received: list[dict[str, int]] = []


@registry.subscribe(TOPIC)
@shared_task(name="tests.outbox.record_delivery")
def record_delivery(item_id: int) -> None:
    received.append({"item_id": item_id})


@pytest.fixture(autouse=True)
def _clear_received() -> Iterator[None]:
    received.clear()
    yield
    received.clear()


@pytest.mark.django_db(transaction=True)
def test_an_event_is_handed_to_its_subscribers_once_the_write_commits():
    with transaction.atomic():
        event = services.event_record(topic=TOPIC, payload={"item_id": 7})
        assert received == []  # nothing runs before the write is durable
    assert received == [{"item_id": 7}]
    event.refresh_from_db()
    assert event.dispatched_at is not None and event.attempts == 1 and event.lease_until is None


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_no_event_and_runs_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.event_record(topic=TOPIC, payload={"item_id": 8})
        raise RuntimeError("the write failed")
    assert not OutboxEvent.objects.exists()
    assert received == []


@pytest.mark.django_db
def test_a_relay_never_sends_a_dispatched_or_leased_event_again():
    done = OutboxEvent.objects.create(topic=TOPIC, payload={"item_id": 1}, dispatched_at=timezone.now())
    leased = OutboxEvent.objects.create(
        topic=TOPIC, payload={"item_id": 2}, lease_until=timezone.now() + timedelta(seconds=60)
    )
    expired = OutboxEvent.objects.create(
        topic=TOPIC, payload={"item_id": 3}, lease_until=timezone.now() - timedelta(seconds=1)
    )
    report = services.events_relay()
    assert report.dispatched == 1
    assert received == [{"item_id": 3}]  # a relay that died mid-dispatch is taken over once its lease ran out
    assert OutboxEvent.objects.get(pk=done.pk).attempts == 0
    assert OutboxEvent.objects.get(pk=leased.pk).dispatched_at is None
    assert OutboxEvent.objects.get(pk=expired.pk).dispatched_at is not None


@pytest.mark.django_db
def test_old_dispatched_events_are_purged_and_undispatched_ones_kept():
    old = timezone.now() - timedelta(days=30)
    OutboxEvent.objects.create(topic=TOPIC, payload={}, dispatched_at=old)
    waiting = OutboxEvent.objects.create(topic=TOPIC, payload={})
    OutboxEvent.objects.filter(pk=waiting.pk).update(created_at=old)
    assert services.events_purge(dispatched_before=timedelta(days=14)) == 1
    assert list(OutboxEvent.objects.values_list("pk", flat=True)) == [waiting.pk]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_redis(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("redis-server did not start")


def _queued_messages(port: int) -> int:
    out = subprocess.run(["redis-cli", "-p", str(port), "LLEN", "celery"], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


@pytest.fixture
def own_broker(settings) -> Iterator[int]:
    """A Redis of this test's own on a spare port, used as the Celery broker (never the shared one)."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed: run make test, which installs it")
    from factcheck.celery import app

    port = _free_port()
    original = point_celery_at(app, f"redis://127.0.0.1:{port}/0")
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield port
    finally:
        app.conf.task_always_eager = True
        restore_celery(app, original)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_write_succeeds_while_the_broker_is_down_and_its_event_is_sent_when_it_is_back(own_broker):
    port = own_broker  # nothing listens there yet: the broker is down
    started = time.monotonic()
    with transaction.atomic():
        event = services.event_record(topic=TOPIC, payload={"item_id": 9})
    assert time.monotonic() - started < 3  # the caller is not held up by kombu's publish retries (~6 s by default)
    event.refresh_from_db()
    assert event.dispatched_at is None and event.attempts == 1
    assert "OperationalError" in event.last_error or "Connection" in event.last_error

    server = _start_redis(port)
    try:
        report = services.events_relay()
        assert report.dispatched == 1 and report.failed == 0
        event.refresh_from_db()
        assert event.dispatched_at is not None and event.last_error == ""
        assert _queued_messages(port) == 1  # the task message now waits in the broker for a worker
    finally:
        server.terminate()
        server.wait(timeout=10)
