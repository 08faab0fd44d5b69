"""The periodic sweep: relay what the commit hook could not (broker down, relay crashed), purge old rows."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from outbox import services


@shared_task(acks_late=True, ignore_result=True)
def outbox_sweep_task() -> int:
    # Events younger than the grace period are still in the hands of their commit hook.
    report = services.events_relay(older_than=timedelta(seconds=settings.FACTCHECK_OUTBOX_SWEEP_GRACE_SECONDS))
    services.events_purge(dispatched_before=timedelta(days=settings.FACTCHECK_OUTBOX_RETENTION_DAYS))
    return report.dispatched
