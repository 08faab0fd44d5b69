"""Webhook delivery task: takes a delivery id, calls the service, and retries with exponential backoff."""

from __future__ import annotations

from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from claims.events import VERDICT_EVENTS
from outbox import registry as outbox
from partners import services


class WebhookDeliveryError(RuntimeError):
    """The partner's endpoint did not accept the delivery; the task retries later."""


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # The number of attempts is counted on the delivery row (FACTCHECK_WEBHOOK_MAX_ATTEMPTS), not by Celery.
    max_retries=None,
    soft_time_limit=settings.FACTCHECK_WEBHOOK_TIMEOUT_SECONDS * 3,
    time_limit=settings.FACTCHECK_WEBHOOK_TIMEOUT_SECONDS * 4,
)
def deliver_webhook_task(self: Task, delivery_id: str) -> str:
    outcome = services.delivery_attempt(delivery_id=delivery_id)
    if outcome.retry_in is not None:
        if self.request.is_eager:
            # In-process mode has no broker to wait on: an eager retry would run at once, inside the request.
            # The row stays pending with its next_attempt_at; the delivery sweep sends it when it is due.
            return outcome.status
        raise self.retry(exc=WebhookDeliveryError(outcome.error), countdown=outcome.retry_in)
    return outcome.status


@shared_task(acks_late=True, ignore_result=True)
def deliveries_sweep_task() -> int:
    """Periodic (Celery beat): send pending deliveries whose message was lost; a due retry is resent too."""
    grace = timedelta(seconds=settings.FACTCHECK_WEBHOOK_SWEEP_GRACE_SECONDS)
    return len(services.deliveries_resend_lost(older_than=grace))


@outbox.subscribe(*VERDICT_EVENTS)
@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=8)
def verdict_announce_task(claim_id: int, event: str) -> None:
    """Fan a published, corrected or withdrawn verdict out to partner webhooks (safe to run twice)."""
    services.webhook_fan_out(claim_id=claim_id, event=event)
