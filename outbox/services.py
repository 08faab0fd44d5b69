"""Writes for the outbox: record an event in the caller's transaction, and relay recorded events to Celery."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from outbox.models import OutboxEvent
from outbox.registry import subscribers

logger = logging.getLogger(__name__)


@dataclass
class RelayReport:
    dispatched: int = 0
    failed: int = 0


def event_record(*, topic: str, payload: dict[str, Any]) -> OutboxEvent:
    """Store a consequence of the current write; it is relayed once the surrounding transaction commits.

    If the transaction rolls back, the event never existed. If the broker is down when it commits, the event
    waits in the table and the periodic sweep relays it later: the caller never fails because of the broker.
    """
    event = OutboxEvent.objects.create(topic=topic, payload=payload)
    transaction.on_commit(partial(_relay_after_commit, event.pk))
    return event


def _relay_after_commit(event_id: int) -> None:
    try:
        events_relay(event_ids=[event_id])
    except Exception:  # the sweep relays it later; a request must not fail after its data was committed
        logger.exception("relaying outbox event %s after commit failed; the sweep will retry", event_id)


def _claimable(now: Any) -> Q:
    return Q(dispatched_at__isnull=True) & (Q(lease_until__isnull=True) | Q(lease_until__lt=now))


def events_relay(
    *, event_ids: list[int] | None = None, older_than: timedelta | None = None, limit: int = 500
) -> RelayReport:
    """Hand undispatched events to their subscribed tasks, oldest first; stop at the first broker failure.

    Each event is taken with a compare-and-swap lease, so two relays (the commit hook and the sweep) never
    send one event twice; a relay that dies mid-dispatch leaves the lease to expire and the sweep resends.
    """
    report = RelayReport()
    now = timezone.now()
    candidates = OutboxEvent.objects.filter(_claimable(now))
    if event_ids is not None:
        candidates = candidates.filter(pk__in=event_ids)
    if older_than is not None:
        candidates = candidates.filter(created_at__lt=now - older_than)
    lease = timedelta(seconds=settings.FACTCHECK_OUTBOX_LEASE_SECONDS)
    for event_id in list(candidates.order_by("id").values_list("pk", flat=True)[:limit]):
        taken = OutboxEvent.objects.filter(_claimable(timezone.now()), pk=event_id).update(
            lease_until=timezone.now() + lease, attempts=F("attempts") + 1
        )
        if taken != 1:
            continue
        event = OutboxEvent.objects.get(pk=event_id)
        try:
            for task in subscribers(event.topic):
                # No publish retries: a dead broker should cost a request milliseconds, not seconds.
                task.apply_async(kwargs=event.payload, retry=False)
        except Exception as exc:
            OutboxEvent.objects.filter(pk=event_id).update(lease_until=None, last_error=f"{type(exc).__name__}: {exc}")
            logger.warning("outbox event %s (%s) not relayed: %s", event_id, event.topic, exc)
            report.failed += 1
            break  # the broker is most likely down; the rest would fail the same way
        OutboxEvent.objects.filter(pk=event_id).update(dispatched_at=timezone.now(), lease_until=None, last_error="")
        report.dispatched += 1
    return report


def events_purge(*, dispatched_before: timedelta) -> int:
    """Delete events dispatched longer ago than `dispatched_before`; undispatched events are never deleted."""
    deleted, _ = OutboxEvent.objects.filter(dispatched_at__lt=timezone.now() - dispatched_before).delete()
    return deleted
