"""The feed's ETag is computed from rows before the body: it must still change whenever the body's bytes would.

Each change below is one thing the page's JSON depends on. The test checks the body really changed (so the change
is a dependency) and that the ETag changed with it, so a partner holding the old ETag gets the new page, not a 304.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, Passage, Source
from claims.api.fast import _evidence_digest, claim_rows
from claims.api.filters import claims_filter
from claims.models import Claim, Evidence, ReviewState
from claims.rating import DEFAULT_RATING_SCALE
from tests.factories import ArticleFactory, EvidenceFactory, PassageFactory, SourceFactory
from tests.partners.helpers import published_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttle_cache")]


@dataclass
class Feed:
    claim: Claim
    other_claim: Claim
    strong: Evidence  # shown first (higher score)
    weak: Evidence  # shown second
    external: Evidence
    suggested: Evidence  # not shown until accepted


@pytest.fixture
def feed() -> Feed:
    wire = SourceFactory(name="Example Wire", domain="wire.example", kind="wire")
    claim = published_claim(speaker="Anna Berg", speaker_role="mayor")
    other_claim = published_claim(published_at=timezone.now() - datetime.timedelta(hours=1))

    def passage_evidence(**fields: Any) -> Evidence:
        article = ArticleFactory(source=wire, url=f"https://wire.example/{Article.objects.count()}")
        return EvidenceFactory(claim=claim, passage=PassageFactory(article=article), **fields)

    return Feed(
        claim=claim,
        other_claim=other_claim,
        strong=passage_evidence(state=Evidence.State.ACCEPTED, score=0.9),
        weak=passage_evidence(state=Evidence.State.ACCEPTED, score=0.5, stance="contradicts"),
        external=Evidence.objects.create(
            claim=claim,
            external_url="https://stats.example/table",
            excerpt="12 deaths recorded",
            stance="supports",
            origin="human",
            state="accepted",
        ),
        suggested=passage_evidence(state=Evidence.State.SUGGESTED, score=0.7),
    )


def claims_of(feed: Feed) -> Any:
    return Claim.objects.filter(pk=feed.claim.pk)


def article_of(evidence: Evidence) -> Any:
    return Article.objects.filter(pk=evidence.passage.article_id)


def evidence(item: Evidence) -> Any:
    return Evidence.objects.filter(pk=item.pk)


# Each: what changes, as a function of the feed and pytest-django's `settings`.
DEPENDENCIES: dict[str, Callable[[Feed, Any], object]] = {
    "claim text": lambda f, s: claims_of(f).update(text="The flood killed 15 people."),
    "verdict": lambda f, s: claims_of(f).update(verdict="supported"),
    "rationale": lambda f, s: claims_of(f).update(rationale="Corrected: the final count is 12."),
    "speaker role": lambda f, s: claims_of(f).update(speaker_role="former mayor"),
    "source type": lambda f, s: claims_of(f).update(source_type="statement"),
    "event date": lambda f, s: claims_of(f).update(event_date=timezone.now().date(), event_date_precision="day"),
    "version": lambda f, s: claims_of(f).update(version=7),
    "claim withdrawn": lambda f, s: claims_of(f).update(review_state=ReviewState.WITHDRAWN),
    "another claim published": lambda f, s: published_claim(),
    "evidence rejected": lambda f, s: evidence(f.strong).update(state=Evidence.State.REJECTED),
    "evidence accepted": lambda f, s: evidence(f.suggested).update(state=Evidence.State.ACCEPTED),
    "evidence stance": lambda f, s: evidence(f.strong).update(stance="context"),
    "evidence note": lambda f, s: evidence(f.weak).update(note="Same wire copy."),
    "evidence order": lambda f, s: evidence(f.weak).update(score=0.95),
    "evidence same origin": lambda f, s: evidence(f.weak).update(same_origin=True),
    "external url": lambda f, s: evidence(f.external).update(external_url="https://other.example/table"),
    "external excerpt": lambda f, s: evidence(f.external).update(excerpt="13 deaths recorded"),
    "passage text": lambda f, s: Passage.objects.filter(pk=f.strong.passage_id).update(text="Twelve died."),
    "evidence article renamed": lambda f, s: article_of(f.strong).update(title="Toll revised"),
    "evidence article copies another": lambda f, s: article_of(f.strong).update(same_origin_as=f.claim.article),
    "evidence outlet renamed": lambda f, s: Source.objects.filter(domain="wire.example").update(name="The Wire"),
    "claim article renamed": lambda f, s: Article.objects.filter(pk=f.claim.article_id).update(title="New title"),
    "claim article date": lambda f, s: Article.objects.filter(pk=f.claim.article_id).update(
        published_on=datetime.date(2020, 1, 2)
    ),
    "claim outlet domain": lambda f, s: Source.objects.filter(pk=f.claim.article.source_id).update(domain="x.example"),
    "site url": lambda f, s: setattr(s, "FACTCHECK_SITE_URL", "https://desk.other.example"),
    "publisher name": lambda f, s: setattr(s, "FACTCHECK_PUBLISHER_NAME", "Another Desk"),
    "review url template": lambda f, s: setattr(
        s, "FACTCHECK_PARTNER_CLAIMREVIEW_URL_TEMPLATE", "{publisher_url}/checks/{id}"
    ),
    "rating scale": lambda f, s: setattr(
        s,
        "FACTCHECK_RATING_SCALE",
        {
            **DEFAULT_RATING_SCALE,
            "ratings": {
                **DEFAULT_RATING_SCALE["ratings"],
                "disputed": {"ratingValue": 1, "alternateName": "False"},
            },
        },
    ),
    "time zone": lambda f, s: setattr(s, "TIME_ZONE", "Asia/Kolkata"),
}


@pytest.mark.parametrize("change", list(DEPENDENCIES))
def test_the_etag_changes_whenever_the_page_does(change: str, feed: Feed, settings, partner_client: Client) -> None:
    before = partner_client.get("/api/v1/claims/")
    assert before.status_code == 200
    DEPENDENCIES[change](feed, settings)
    after = partner_client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.content != before.content
    assert after["ETag"] != before["ETag"]


def test_a_new_json_setting_gives_a_new_etag(feed: Feed, settings, partner_client: Client) -> None:
    # The renderer reads COMPACT_JSON when its class is defined, so the bytes change only after a restart; a page
    # cached in Redis under the old ETag must not outlive that restart.
    before = partner_client.get("/api/v1/claims/")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "COMPACT_JSON": False}

    after = partner_client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_an_unchanged_page_keeps_its_etag_and_answers_304(feed: Feed, partner_client: Client) -> None:
    first = partner_client.get("/api/v1/claims/")
    second = partner_client.get("/api/v1/claims/")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    fresh = partner_client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=f'W/{first["ETag"]}, "other"')
    assert fresh.status_code == 304
    assert (fresh["ETag"], fresh["Last-Modified"]) == (first["ETag"], first["Last-Modified"])
    assert set(fresh["Vary"].replace(" ", "").split(",")) >= {"Accept", "Authorization", "Cookie"}
    assert fresh["Cache-Control"] == "private, no-cache"


def test_what_the_page_does_not_show_leaves_the_etag_alone(feed: Feed, partner_client: Client) -> None:
    first = partner_client.get("/api/v1/claims/")
    # Rejected evidence, a claim's check-worthiness score and an article's body are not in the feed's JSON.
    evidence(feed.suggested).update(state=Evidence.State.REJECTED)
    claims_of(feed).update(score=0.1)
    Article.objects.filter(pk=feed.claim.article_id).update(byline="Someone else")
    again = partner_client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_each_page_and_page_size_has_its_own_etag(feed: Feed, partner_client: Client) -> None:
    whole = partner_client.get("/api/v1/claims/")
    first = partner_client.get("/api/v1/claims/?page_size=1")
    second = partner_client.get(first.json()["next"])
    assert len({whole["ETag"], first["ETag"], second["ETag"]}) == 3
    assert partner_client.get(first.json()["next"], HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304
    assert partner_client.get("/api/v1/claims/?page_size=1", HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 200


def test_a_differently_formatted_body_has_its_own_etag(feed: Feed, partner_client: Client) -> None:
    plain = partner_client.get("/api/v1/claims/", HTTP_ACCEPT="application/json")
    indented = partner_client.get("/api/v1/claims/", HTTP_ACCEPT="application/json; indent=2")
    assert indented.content != plain.content
    assert indented["ETag"] != plain["ETag"]
    assert (
        partner_client.get(
            "/api/v1/claims/", HTTP_ACCEPT="application/json; indent=2", HTTP_IF_NONE_MATCH=plain["ETag"]
        ).status_code
        == 200
    )


def test_if_modified_since_still_answers_304_for_the_list(feed: Feed, partner_client: Client) -> None:
    first = partner_client.get("/api/v1/claims/")
    again = partner_client.get("/api/v1/claims/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_the_browsable_api_keeps_an_etag_of_its_own_body(feed: Feed, partner_client: Client) -> None:
    json_page = partner_client.get("/api/v1/claims/", HTTP_ACCEPT="application/json")
    html_page = partner_client.get("/api/v1/claims/", HTTP_ACCEPT="text/html")
    assert html_page.status_code == 200
    assert html_page["Content-Type"].startswith("text/html")
    assert html_page["ETag"] != json_page["ETag"]
    assert (
        partner_client.get("/api/v1/claims/", HTTP_ACCEPT="text/html", HTTP_IF_NONE_MATCH=json_page["ETag"]).status_code
        == 200
    )


# Filters that add joins (the outlet's table, full-text search) around the page query the digest is put into.
FILTERS: dict[str, Callable[[Feed], dict[str, Any]]] = {
    "unfiltered": lambda f: {},
    "outlet": lambda f: {"outlet": f.claim.article.source.domain},
    "search": lambda f: {"q": "flood"},
    "verdict and updated": lambda f: {"verdict": f.claim.verdict, "updated_after": f.claim.updated_at},
}


@pytest.mark.parametrize("filters", list(FILTERS))
def test_the_digest_compiled_once_is_the_orm_subquerys_digest_under_any_filter(feed: Feed, filters: str) -> None:
    Claim.objects.filter(pk=feed.claim.pk).update(text="The flood killed 14 people.", updated_at=timezone.now())
    feed.claim.refresh_from_db()
    matching = claims_filter(Claim.objects.all(), FILTERS[filters](feed))
    compiled = {row["id"]: row["evidence_digest"] for row in claim_rows(matching)}
    expressed = dict(matching.annotate(digest=_evidence_digest()).values_list("id", "digest"))

    assert compiled == expressed
    assert re.fullmatch(r"[0-9a-f]{32}", compiled[feed.claim.pk])  # the claim with evidence is on every page
