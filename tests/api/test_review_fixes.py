"""Regressions found in review: API visibility for desk users without a role, and conditional GET on lists."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from claims import services as claim_services
from claims.models import Claim, ReviewState
from partners.models import ArticleSubmission
from tests.factories import ClaimFactory, UserFactory, editor
from tests.partners.helpers import api_key, bearer, partner, published_claim

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_without_a_desk_role_cannot_follow_an_unpublished_article():
    submitted = ClaimFactory(review_state=ReviewState.UNREVIEWED).article
    ArticleSubmission.objects.create(partner=partner(), article=submitted, key_prefix="x")
    client = Client()
    client.force_login(UserFactory())
    response = client.get(f"/api/v1/articles/{submitted.pk}/status/")
    assert response.status_code in (403, 404)
    assert submitted.title not in response.content.decode()


def test_a_signed_in_user_without_a_desk_role_cannot_read_the_api():
    published_claim()
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/api/v1/claims/").status_code == 403


def two_claims_published_an_hour_ago() -> tuple[Claim, Claim, Client, datetime]:
    """Two published claims last changed an hour ago, and a partner's client."""
    an_hour_ago = timezone.now() - timedelta(hours=1)
    first, second = published_claim(published_at=an_hour_ago), published_claim(published_at=an_hour_ago)
    Claim.objects.update(updated_at=an_hour_ago)
    _, raw = api_key()
    client = Client()
    client.defaults.update(bearer(raw))
    return first, second, client, an_hour_ago


def test_a_withdrawn_verdict_is_not_hidden_by_if_modified_since_on_the_list():
    kept, gone, client, an_hour_ago = two_claims_published_an_hour_ago()
    first = client.get("/api/v1/claims/")
    assert {c["id"] for c in first.json()["results"]} == {kept.pk, gone.pk}
    claim_services.claim_withdraw(claim_id=gone.pk, actor=editor(), reason="Source retracted")
    # Whatever validator the list sends, the partner must not be told "nothing changed".
    since = first.get("Last-Modified") or http_date(an_hour_ago.timestamp())
    again = client.get("/api/v1/claims/", HTTP_IF_MODIFIED_SINCE=since)
    assert again.status_code == 200
    assert [c["id"] for c in again.json()["results"]] == [kept.pk]


def test_the_lists_last_modified_follows_changes_to_claims_the_page_does_not_show():
    shown, elsewhere, client, an_hour_ago = two_claims_published_an_hour_ago()
    only_shown = f"/api/v1/claims/?article_url={shown.article.url}"
    nothing = "/api/v1/claims/?article_url=https://nowhere.example/"
    assert (
        client.get(only_shown)["Last-Modified"]
        == client.get(nothing)["Last-Modified"]
        == http_date(an_hour_ago.timestamp())
    )

    claim_services.claim_withdraw(claim_id=elsewhere.pk, actor=editor(), reason="Source retracted")

    withdrawn_at = http_date(Claim.objects.get(pk=elsewhere.pk).updated_at.timestamp())
    assert client.get(only_shown)["Last-Modified"] == withdrawn_at  # read by the page's own query
    assert client.get(nothing)["Last-Modified"] == withdrawn_at  # an empty page asks for it separately
    assert [c["id"] for c in client.get(only_shown).json()["results"]] == [shown.pk]


def test_an_article_is_not_reported_unchanged_after_one_of_its_verdicts_is_withdrawn():
    an_hour_ago = timezone.now() - timedelta(hours=1)
    kept = published_claim(published_at=an_hour_ago)
    gone = ClaimFactory(
        article=kept.article,
        start=kept.end + 1,
        end=len(kept.article.body),
        text=kept.article.body[kept.end + 1 :],
        review_state=ReviewState.PUBLISHED,
        verdict="supported",
        rationale="Confirmed.",
        published_at=an_hour_ago,
    )
    Claim.objects.update(updated_at=an_hour_ago)
    type(kept.article).objects.filter(pk=kept.article_id).update(updated_at=an_hour_ago)
    _, raw = api_key()
    client = Client()
    client.defaults.update(bearer(raw))
    url = f"/api/v1/articles/{kept.article_id}/"
    first = client.get(url)
    assert first.json()["published_claim_count"] == 2
    claim_services.claim_withdraw(claim_id=gone.pk, actor=editor(), reason="Source retracted")
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert again.json()["published_claim_count"] == 1
