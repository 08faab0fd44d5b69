"""Public fact-check pages: one per published verdict, at ClaimReview's url, cacheable, with its escaped JSON-LD."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.api.claimreview import claim_review
from claims.models import Claim
from tests.factories import ArticleFactory, SourceFactory, editor
from tests.partners.helpers import published_claim

pytestmark = pytest.mark.django_db

SCRIPT_BREAK = "</script><script>alert(1)</script><!--"


def page_url(claim: Claim) -> str:
    return f"/fact-checks/{claim.pk}/"


def embedded(html: str) -> Any:
    opening = '<script type="application/ld+json">'
    start = html.index(opening) + len(opening)
    return json.loads(html[start : html.index("</script>", start)])


def test_a_published_verdict_has_a_public_page_anyone_can_read():
    claim = published_claim(verdict="disputed", rationale="The authority's final count is 12.")
    response = Client().get(page_url(claim))
    assert response.status_code == 200
    html = response.content.decode()
    assert claim.text in html and "The authority&#x27;s final count is 12." in html
    assert "Disputed" in html
    assert embedded(html) == claim_review(Claim.objects.get(pk=claim.pk))
    assert f'<link rel="canonical" href="http://testserver/fact-checks/{claim.pk}/">' not in html  # the site URL
    assert "csrf" not in html.lower()


def test_the_page_is_cacheable_by_anyone_and_answers_304_when_fresh():
    claim = published_claim()
    client = Client()
    first = client.get(page_url(claim))
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert "Cookie" not in first.get("Vary", "") and not first.cookies

    again = client.get(page_url(claim), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(page_url(claim), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304

    # A correction changes the page, so the old ETag no longer matches.
    services.claim_set_verdict(
        claim_id=claim.pk, verdict="supported", rationale="Confirmed after all.", reviewer=editor(), expected_version=1
    )
    changed = client.get(page_url(claim), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Confirmed after all." in changed.content.decode()


def test_head_is_answered_and_writes_are_not():
    claim = published_claim()
    assert Client().head(page_url(claim)).status_code == 200
    assert Client().post(page_url(claim)).status_code == 405


@pytest.mark.parametrize("state", ["unreviewed", "reviewed"])
def test_an_unpublished_claim_has_no_public_page(state):
    claim = published_claim()
    Claim.objects.filter(pk=claim.pk).update(
        review_state=state, published_at=None, **({"verdict": ""} if state == "unreviewed" else {})
    )
    assert Client().get(page_url(claim)).status_code == 404


def test_a_withdrawn_verdict_is_gone():
    claim = published_claim()
    services.claim_withdraw(claim_id=claim.pk, actor=editor(), reason="Source retracted")
    response = Client().get(page_url(claim))
    assert response.status_code == 410
    html = response.content.decode()
    assert "withdrawn" in html and claim.text not in html and "ld+json" not in html


def test_a_missing_number_is_404():
    assert Client().get("/fact-checks/999999/").status_code == 404


def test_hostile_text_cannot_end_the_embedded_json_ld():
    article = ArticleFactory(source=SourceFactory(name=f"Outlet {SCRIPT_BREAK}"), title=f"Headline {SCRIPT_BREAK}")
    claim = published_claim(article=article, rationale=f"Why {SCRIPT_BREAK}", speaker=f"Mr {SCRIPT_BREAK}")
    html = Client().get(page_url(claim)).content.decode()
    assert html.count("</script>") == 1  # only the JSON-LD's own closing tag
    assert "<script>alert(1)" not in html
    document = embedded(html)
    assert document["reviewRating"]["ratingExplanation"] == f"Why {SCRIPT_BREAK}"
    assert document["itemReviewed"]["author"]["name"] == f"Mr {SCRIPT_BREAK}"


def test_the_claimreview_url_is_this_page(settings):
    settings.FACTCHECK_SITE_URL = "https://desk.example.org"
    claim = published_claim()
    document = embedded(Client().get(page_url(claim)).content.decode())
    assert document["url"] == f"https://desk.example.org{reverse('claims:fact_check', args=[claim.pk])}"


def test_the_webhook_the_api_and_the_page_carry_the_same_claimreview():
    import uuid

    from partners import services as partner_services
    from partners.models import WebhookEvent

    claim = published_claim(speaker="Anna Berg", speaker_role="mayor")
    payload = partner_services.webhook_payload(claim=claim, event=WebhookEvent.PUBLISHED, delivery_id=uuid.uuid4())
    on_page = embedded(Client().get(page_url(claim)).content.decode())
    assert payload["claim"]["claim_review"] == on_page
    assert on_page["itemReviewed"]["author"] == {"@type": "Person", "name": "Anna Berg", "jobTitle": "mayor"}
    assert payload["claim"]["review_url"] == on_page["url"]


def test_the_admin_claims_page_shows_the_rating_scale_read_only(settings):
    from tests.factories import moderator

    settings.FACTCHECK_RATING_SCALE = {
        "worstRating": 1,
        "bestRating": 3,
        "ratings": {
            "disputed": {"ratingValue": 1, "alternateName": "False"},
            "unverified": {"ratingValue": 2, "alternateName": "Unproven"},
            "supported": {"ratingValue": 3, "alternateName": "True"},
        },
    }
    client = Client()
    client.force_login(moderator(username="mo"))
    html = client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "Rating scale in ClaimReview: Disputed = 1, Unverified = 2, Supported = 3" in html
    assert "<td>Disputed</td><td>1</td><td>False</td>" in html
    assert "FACTCHECK_RATING_SCALE" in html
