"""E-mail for notifications: one task per notification (retried with backoff) and a periodic sweep."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from newsroom import services
from newsroom.events import NOTIFICATION_EMAIL_DUE
from outbox import registry as outbox

logger = logging.getLogger(__name__)

# A due e-mail older than this lost its task message (or its retries ran out early); the sweep sends it again.
EMAIL_SWEEP_GRACE = timedelta(minutes=10)


@outbox.subscribe(NOTIFICATION_EMAIL_DUE)
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(services.EmailNotSentError, OperationalError, InterfaceError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=services.EMAIL_MAX_ATTEMPTS,
    soft_time_limit=60,
    time_limit=90,
    ignore_result=True,
)
def notification_email_task(self: Task, notification_id: int) -> str:
    try:
        return services.notification_email_send(notification_id=notification_id)
    except services.EmailNotSentError:
        if self.request.is_eager:
            # In-process mode has no broker to wait on: a retry now would block the caller. The row stays pending
            # and the sweep sends it later.
            logger.warning("notification %s not e-mailed; the sweep will retry", notification_id)
            return "pending"
        raise


@shared_task(acks_late=True, ignore_result=True)
def notification_emails_sweep_task() -> int:
    """Periodic (Celery beat): queue again the e-mails whose task was lost."""
    due = services.notification_emails_due(older_than=EMAIL_SWEEP_GRACE)
    for notification_id in due:
        notification_email_task.delay(notification_id)
    return len(due)
