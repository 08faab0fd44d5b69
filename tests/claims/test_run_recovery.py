"""Runs heal themselves: a live run keeps its lease by heartbeat, a dead one is taken over by the recovery sweep."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from claims import pipeline, tasks
from tests.factories import ArticleFactory


@pytest.mark.django_db(transaction=True)
def test_a_live_run_renews_its_lease_from_a_heartbeat_whatever_stage_it_is_in():
    stale = timezone.now() - timedelta(seconds=60)
    article = ArticleFactory(status="processing", processing_token="mine", processing_heartbeat=stale)
    with pipeline.heartbeat(article_id=article.pk, token="mine", every=0.05):
        time.sleep(0.4)  # one long stage: no progress report, but the heartbeat goes on
    article.refresh_from_db()
    assert article.processing_heartbeat > stale + timedelta(seconds=59)
    assert pipeline.lease_remaining(article_id=article.pk) > 0


@pytest.mark.django_db(transaction=True)
def test_a_heartbeat_never_renews_a_run_that_was_taken_over():
    stale = timezone.now() - timedelta(seconds=60)
    article = ArticleFactory(status="processing", processing_token="new-owner", processing_heartbeat=stale)
    with pipeline.heartbeat(article_id=article.pk, token="old-owner", every=0.05):
        time.sleep(0.3)
    article.refresh_from_db()
    assert article.processing_heartbeat == stale


@pytest.mark.django_db
def test_nothing_holds_a_lease_on_an_article_that_is_not_processing():
    assert pipeline.lease_remaining(article_id=ArticleFactory(status="done").pk) is None


@pytest.mark.slow
@pytest.mark.django_db
def test_the_periodic_recovery_sweep_analyses_an_article_whose_worker_died(settings):
    long_ago = timezone.now() - timedelta(hours=1)
    dead = ArticleFactory(
        status="processing",
        processing_token="killed-worker",
        processing_heartbeat=long_ago,
        body="At least 14 people died in Lorvan on Friday, police said. The bridge collapsed at night.",
    )
    live = ArticleFactory(status="processing", processing_token="live", processing_heartbeat=timezone.now())
    assert tasks.article_runs_recover_task.delay().get() == 1
    statuses = dict(Article.objects.values_list("pk", "status"))
    assert statuses[dead.pk] == "done" and statuses[live.pk] == "processing"
    assert Article.objects.get(pk=dead.pk).claims.exists()


def test_the_recovery_sweep_and_the_outbox_sweep_are_scheduled(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled >= {"claims.tasks.article_runs_recover_task", "outbox.tasks.outbox_sweep_task"}


@pytest.mark.django_db
def test_neighbour_refreshes_are_coalesced_to_one_pending_request_per_article():
    from claims.models import EvidenceRefreshRequest
    from outbox.models import OutboxEvent

    first, second = ArticleFactory(status="done"), ArticleFactory(status="done")
    assert pipeline.evidence_refreshes_request(article_ids=[first.pk, first.pk, second.pk]) == [first.pk, second.pk]
    # A burst of finished runs about one event asks again and again: nothing more is queued while one is pending.
    for _ in range(5):
        assert pipeline.evidence_refreshes_request(article_ids=[first.pk, second.pk]) == []
    assert EvidenceRefreshRequest.objects.count() == 2
    assert OutboxEvent.objects.filter(topic="evidence.refresh_requested").count() == 2
    # The first message takes the request; a duplicate delivery finds nothing to do.
    assert pipeline.evidence_refresh_take(article_id=first.pk) is True
    assert pipeline.evidence_refresh_take(article_id=first.pk) is False
    assert tasks.evidence_refresh_task.delay(first.pk).get() == 0
    # Once taken, a new ask is a new request: the article changed after that refresh started.
    assert pipeline.evidence_refreshes_request(article_ids=[first.pk]) == [first.pk]
