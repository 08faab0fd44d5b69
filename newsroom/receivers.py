"""Subscribers to claims' events (and the newsroom's own): each turns one event into notifications.

Tasks, because the outbox relays events to Celery tasks. Each may run more than once for one event (delivery is at
least once); a notification's (recipient, key) uniqueness makes the second run a no-op.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from claims.events import CLAIM_ASSIGNED, EVIDENCE_ADDED, VERDICT_SET
from newsroom import services
from newsroom.events import NOTE_SAVED
from outbox import registry as outbox


@outbox.subscribe(NOTE_SAVED)
@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=8)
def note_mentions_notify_task(note_id: int) -> int:
    return len(services.notifications_for_note(note_id=note_id))


@outbox.subscribe(CLAIM_ASSIGNED)
@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=8)
def claim_assigned_notify_task(claim_id: int, review_event_id: int) -> int:
    return len(services.notifications_for_assignment(review_event_id=review_event_id))


@outbox.subscribe(VERDICT_SET)
@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=8)
def verdict_overridden_notify_task(claim_id: int, review_event_id: int, previous_reviewer_id: int | None) -> int:
    return len(
        services.notifications_for_verdict(review_event_id=review_event_id, previous_reviewer_id=previous_reviewer_id)
    )


@outbox.subscribe(EVIDENCE_ADDED)
@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=8)
def evidence_contradiction_notify_task(evidence_ids: list[int]) -> int:
    return len(services.notifications_for_evidence(evidence_ids=evidence_ids))
