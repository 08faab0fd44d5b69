from __future__ import annotations

import pytest

from articles.models import Article, Source
from articles.services import DuplicateArticleError, IngestError, SourceInput, article_ingest, article_reprocess
from tests.documents import make_docx
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

STORY = (
    "Flood sweeps away bridge\n\nLORVAN (MPA) - At least 14 people were killed when a flash flood swept away "
    "the Harrow Street Bridge, police said on Saturday."
)
OUTLET = SourceInput(name="Meridian Press Agency", domain="meridianpress.example", kind="wire")


def test_it_keeps_the_original_upload_byte_for_byte(django_capture_on_commit_callbacks):
    data = make_docx([STORY], title="Flood sweeps away bridge")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = article_ingest(source=OUTLET, filename="flood.docx", data=data)
    stored = Article.objects.get(pk=article.pk)
    assert bytes(stored.original_bytes) == data
    assert stored.original_filename == "flood.docx"
    assert stored.status == Article.Status.QUEUED
    assert stored.title == "Flood sweeps away bridge"
    assert stored.source.domain == "meridianpress.example"
    assert len(callbacks) == 1  # the analysis is queued only once the row is committed


def test_it_refuses_a_duplicate_and_points_to_the_existing_article(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = article_ingest(source=OUTLET, filename="a.txt", data=STORY.encode())
    # Same text with different spacing and case is the same article.
    with pytest.raises(DuplicateArticleError) as excinfo:
        article_ingest(source=OUTLET, text=STORY.upper().replace(" ", "  "))
    assert excinfo.value.existing.pk == first.pk
    assert excinfo.value.code == "duplicate"
    assert f"article {first.pk}" in str(excinfo.value)
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"filename": "empty.txt", "data": b""}, "empty"),
        ({"filename": "image.png", "data": b"\x89PNG" + bytes(100)}, "unsupported_type"),
        ({"filename": "bin.txt", "data": b"\x00\x01\x02" * 100}, "binary"),
        ({"text": ""}, "empty"),
        ({}, "no_input"),
        ({"filename": "a.txt", "data": b"x" * 50, "text": "both"}, "no_input"),
    ],
)
def test_bad_input_stores_nothing(kwargs, code):
    with pytest.raises(IngestError) as excinfo:
        article_ingest(source=SourceInput(name="New Outlet", domain="new.example"), **kwargs)
    assert excinfo.value.code == code
    assert Article.objects.count() == 0
    assert Source.objects.count() == 0


def test_it_refuses_uploads_over_the_configured_limit(settings):
    settings.FACTCHECK_MAX_UPLOAD_BYTES = 100
    with pytest.raises(IngestError) as excinfo:
        article_ingest(source=OUTLET, filename="long.txt", data=STORY.encode())
    assert excinfo.value.code == "too_large"
    assert "the limit is 0.1 KB" in str(excinfo.value)
    assert not Article.objects.exists()


def test_it_needs_an_outlet_or_a_url_to_derive_one(django_capture_on_commit_callbacks):
    with pytest.raises(IngestError) as excinfo:
        article_ingest(source=SourceInput(), text=STORY)
    assert excinfo.value.code == "no_source"
    with django_capture_on_commit_callbacks(execute=False):
        article = article_ingest(source=SourceInput(), text=STORY, url="https://www.calder-ledger.example/flood")
    assert article.source.domain == "calder-ledger.example"


def test_reprocessing_is_refused_while_the_article_is_still_running(django_capture_on_commit_callbacks):
    from articles.services import ArticleStateError

    article = ArticleFactory(status=Article.Status.PROCESSING)
    with pytest.raises(ArticleStateError, match="processing"):
        article_reprocess(article_id=article.pk)
    done = ArticleFactory(status=Article.Status.FAILED, error_message="boom")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        requeued = article_reprocess(article_id=done.pk)
    assert requeued.status == Article.Status.QUEUED and requeued.error_message == ""
    assert len(callbacks) == 1


def test_reprocessing_is_offered_for_a_run_whose_worker_died(settings, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    expired = timezone.now() - timedelta(seconds=settings.FACTCHECK_PROCESSING_LEASE_SECONDS + 1)
    stuck = ArticleFactory(status=Article.Status.PROCESSING, processing_token="dead", processing_heartbeat=expired)
    with django_capture_on_commit_callbacks(execute=False):
        requeued = article_reprocess(article_id=stuck.pk)
    assert requeued.status == Article.Status.QUEUED and requeued.processing_token == ""


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "data:text/html,<script>x</script>", "not a url"])
def test_it_refuses_an_article_url_that_is_not_a_web_address(url, django_capture_on_commit_callbacks):
    # The URL becomes a link on the article page and in the partner API: a `javascript:` one would run when clicked.
    with django_capture_on_commit_callbacks(execute=False), pytest.raises(IngestError) as excinfo:
        article_ingest(source=OUTLET, text=STORY, url=url)
    assert excinfo.value.code == "bad_url"
    assert not Article.objects.exists()
