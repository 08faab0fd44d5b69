"""Celery tasks: they take ids, load the row, return early if it is gone, and call a service."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

from articles.events import ARTICLE_SUBMITTED
from claims import pipeline
from claims.events import EVIDENCE_REFRESH_REQUESTED
from claims.warm import analysis_running
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
        if token is None:
            remaining = pipeline.lease_remaining(article_id=article_id)
            if remaining is not None and self.request.retries < (self.max_retries or 0):
                # Another run holds a live lease. If its worker was killed, the lease runs out soon: come back
                # then and take over, rather than dropping a redelivered message and leaving the article stuck.
                raise self.retry(countdown=int(remaining) + 5)
            return "skipped"  # gone, already done, or still owned after every retry (the recovery sweep has it)
    except TRANSIENT_ERRORS as exc:
        raise self.retry(exc=exc, countdown=_backoff(self)) from exc
    try:
        with pipeline.heartbeat(article_id=article_id, token=token), analysis_running():
            outcome = pipeline.article_run(article_id=article_id, token=token)
    except pipeline.RunSupersededError:
        return "superseded"
    except TRANSIENT_ERRORS as exc:
        # The connection may be dead (a restarted database): drop it so the next query opens a fresh one.
        connection.close()
        if self.request.retries >= (self.max_retries or 0):
            _safely(pipeline.article_run_fail, article_id=article_id, token=token, message=_fail_message(exc))
            raise
        # Hand the article back to the queue so the retry can take it; if even that fails, the lease runs out
        # and the retry (or the recovery sweep) takes it over.
        _safely(pipeline.article_run_requeue, article_id=article_id, token=token)
        raise self.retry(exc=exc, countdown=_backoff(self)) from exc
    except Exception as exc:
        logger.exception("article %s failed", article_id)
        pipeline.article_run_fail(article_id=article_id, token=token, message=_fail_message(exc))
        return "failed"
    return f"done: {outcome.claims_created} new claims, {outcome.suggestions} suggestions"


def _backoff(task: Task) -> int:
    return min(600, 2 ** (task.request.retries + 2))


def _safely(write: Callable[..., object], **kwargs: Any) -> None:
    try:
        write(**kwargs)
    except TRANSIENT_ERRORS:
        connection.close()
        logger.warning("%s failed on a lost database connection; the lease will expire instead", write.__name__)


@outbox.subscribe(EVIDENCE_REFRESH_REQUESTED)
@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=settings.FACTCHECK_TASK_MAX_RETRIES,
    soft_time_limit=settings.FACTCHECK_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.FACTCHECK_TASK_TIME_LIMIT,
)
def evidence_refresh_task(article_id: int) -> int:
    if not pipeline.evidence_refresh_take(article_id=article_id):
        return 0  # another message already took this request: refreshes are coalesced per article
    try:
        with analysis_running():
            return pipeline.evidence_refresh(article_id=article_id)
    except TRANSIENT_ERRORS:
        connection.close()
        # Put the request back so the retry (or a later ask) still refreshes the article.
        _safely(pipeline.evidence_refreshes_request, article_ids=[article_id])
        raise


@shared_task(acks_late=True, ignore_result=True)
def article_runs_recover_task() -> int:
    """Periodic (Celery beat): queue again runs and refreshes whose message was lost or whose worker died."""
    lost_after = timedelta(seconds=settings.FACTCHECK_REQUEUE_AFTER_SECONDS)
    requeued = pipeline.stuck_articles_requeue(queued_for=lost_after)
    if requeued:
        logger.warning("recovered %d stranded article run(s): %s", len(requeued), requeued)
    refreshes = pipeline.evidence_refreshes_resend_lost(older_than=lost_after)
    if refreshes:
        logger.warning("resent %d lost evidence refresh request(s): %s", len(refreshes), refreshes)
    return len(requeued)
