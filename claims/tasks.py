"""Celery tasks: they take ids, load the row, return early if it is gone, and call a service."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from articles.events import ARTICLE_SUBMITTED
from claims import pipeline
from engine.models.embedder import EmbeddingModelError
from engine.models.minilm import ModelLoadError
from outbox import registry as outbox

logger = logging.getLogger(__name__)

# Only failures that a later attempt can cure are retried: a lost database connection, a restarting server.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


def _fail_message(exc: BaseException) -> str:
    if isinstance(exc, SoftTimeLimitExceeded):
        return f"Analysis took longer than {settings.FACTCHECK_TASK_SOFT_TIME_LIMIT} s and was stopped; retry it."
    if isinstance(exc, EmbeddingModelError):
        return f"The sentence-embedding model could not be loaded: {exc}"
    if isinstance(exc, ModelLoadError):
        return f"A fine-tuned MiniLM model could not be loaded: {exc}"
    return f"Analysis failed: {type(exc).__name__}: {exc}"


@outbox.subscribe(ARTICLE_SUBMITTED)
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=settings.FACTCHECK_TASK_MAX_RETRIES,
    soft_time_limit=settings.FACTCHECK_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.FACTCHECK_TASK_TIME_LIMIT,
)
def article_process_task(self: Task, article_id: int) -> str:
    try:
        token = pipeline.article_run_start(article_id=article_id)
    except TRANSIENT_ERRORS as exc:
        raise self.retry(exc=exc, countdown=min(600, 2 ** (self.request.retries + 2))) from exc
    if token is None:  # gone, already done, or another worker's live run owns it
        return "skipped"
    try:
        outcome = pipeline.article_run(article_id=article_id, token=token)
    except pipeline.RunSupersededError:
        return "superseded"
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= (self.max_retries or 0):
            pipeline.article_run_fail(article_id=article_id, token=token, message=_fail_message(exc))
            raise
        # Hand the article back to the queue so the retry can take it; the stored results so far are replaced.
        pipeline.article_run_requeue(article_id=article_id, token=token)
        raise self.retry(exc=exc, countdown=min(600, 2 ** (self.request.retries + 2))) from exc
    except Exception as exc:
        logger.exception("article %s failed", article_id)
        pipeline.article_run_fail(article_id=article_id, token=token, message=_fail_message(exc))
        return "failed"
    return f"done: {outcome.claims_created} new claims, {outcome.suggestions} suggestions"


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=settings.FACTCHECK_TASK_MAX_RETRIES,
    soft_time_limit=settings.FACTCHECK_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.FACTCHECK_TASK_TIME_LIMIT,
)
def evidence_refresh_task(article_id: int) -> int:
    return pipeline.evidence_refresh(article_id=article_id)
