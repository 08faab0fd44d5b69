"""POST /api/v1/articles/: same ingestion and errors as the web upload, then a status URL to follow."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.models import Article
from partners.models import ArticleSubmission, Scope
from tests.partners.helpers import api_key, bearer, partner

pytestmark = pytest.mark.django_db

TEXT = (
    "Riverton council approved a new flood barrier on Tuesday. The barrier will cost 4 million euros, "
    "the mayor said, and work starts in the spring. Residents had asked for it since the floods of last year."
)


@pytest.fixture
def submitter():
    key, raw = api_key(scopes=[Scope.ARTICLES_SUBMIT])
    client = Client()
    client.defaults.update(bearer(raw))
    client.key = key
    return client


def test_pasted_text_is_queued_and_its_status_followed(submitter):
    response = submitter.post(
        "/api/v1/articles/",
        {"text": TEXT, "url": "https://riverton-post.example/barrier", "source_name": "Riverton Post"},
        content_type="application/json",
    )
    assert response.status_code == 202, response.content
    body = response.json()
    article = Article.objects.get(pk=body["id"])
    assert article.source.domain == "riverton-post.example"
    assert article.status == Article.Status.QUEUED
    assert response["Location"] == body["status_url"]
    assert body["status_url"].endswith(f"/api/v1/articles/{article.pk}/status/")
    assert ArticleSubmission.objects.get(article=article).partner_id == submitter.key.partner_id

    status = submitter.get(f"/api/v1/articles/{article.pk}/status/")
    assert status.status_code == 200
    assert status.json()["status"] == "queued"
    # Nothing on it is published yet, so the public record does not exist.
    assert submitter.get(f"/api/v1/articles/{article.pk}/").status_code in (403, 404)


def test_a_file_upload_goes_through_the_same_service(submitter):
    upload = SimpleUploadedFile("barrier.txt", TEXT.encode(), content_type="text/plain")
    response = submitter.post("/api/v1/articles/", {"file": upload, "source_domain": "riverton-post.example"})
    assert response.status_code == 202, response.content
    assert Article.objects.get(pk=response.json()["id"]).original_filename == "barrier.txt"


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"text": "   ", "source_domain": "x.example"}, "empty"),
        ({"text": TEXT}, "no_source"),
        ({"source_domain": "x.example"}, "invalid"),
        ({"text": TEXT, "source_domain": "x.example", "source_kind": "tabloid"}, "invalid"),
    ],
)
def test_bad_input_gets_a_specific_error_and_stores_nothing(submitter, payload, code):
    response = submitter.post("/api/v1/articles/", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert not Article.objects.exists()


def test_a_binary_file_is_refused(submitter):
    upload = SimpleUploadedFile("scan.txt", b"\x00\x01\x02\xff" * 200, content_type="text/plain")
    response = submitter.post("/api/v1/articles/", {"file": upload, "source_domain": "x.example"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "binary"


def test_a_duplicate_is_a_409_pointing_at_the_existing_article(submitter):
    first = submitter.post(
        "/api/v1/articles/", {"text": TEXT, "source_domain": "a.example"}, content_type="application/json"
    )
    again = submitter.post(
        "/api/v1/articles/", {"text": TEXT, "source_domain": "b.example"}, content_type="application/json"
    )
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "duplicate"
    assert error["existing"]["id"] == first.json()["id"]
    assert error["existing"]["api_url"].endswith(f"/api/v1/articles/{first.json()['id']}/")
    assert Article.objects.count() == 1


def test_another_partner_cannot_see_the_status(submitter):
    article_id = submitter.post(
        "/api/v1/articles/", {"text": TEXT, "source_domain": "a.example"}, content_type="application/json"
    ).json()["id"]
    _, other = api_key(scopes=[Scope.ARTICLES_SUBMIT], owner=partner("Other Outlet"))
    assert Client().get(f"/api/v1/articles/{article_id}/status/", **bearer(other)).status_code == 404
