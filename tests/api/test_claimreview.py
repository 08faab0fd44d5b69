"""Every published verdict carries valid schema.org ClaimReview JSON-LD."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from pyld import jsonld

from claims.models import Verdict
from claims.rating import rating_scale
from engine.extraction.short_form import short_claim
from partners.models import Scope
from tests.factories import ArticleFactory, SourceFactory
from tests.partners.helpers import api_key, bearer, published_claim

pytestmark = pytest.mark.django_db
SCHEMA = "https://schema.org/"


def offline_loader(url, options=None):
    """schema.org's context without the network: every term in the schema.org vocabulary."""
    if url.rstrip("/") not in {"https://schema.org", "http://schema.org"}:
        raise jsonld.JsonLdError("offline", "loading document failed", {"url": url}, code="loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA}}}


def expand(document):
    return jsonld.expand(document, {"documentLoader": offline_loader})[0]


def value(node, term):
    return node[SCHEMA + term][0]


@pytest.mark.parametrize("verdict", Verdict.values)
def test_claim_review_is_valid_json_ld_for_every_verdict(settings, verdict):
    settings.FACTCHECK_PUBLISHER_NAME = "Riverton Fact Desk"
    claim = published_claim(verdict=verdict)
    _, raw = api_key(scopes=[Scope.VERDICTS_READ])
    review = Client().get(f"/api/v1/claims/{claim.pk}/", **bearer(raw)).json()["claim_review"]

    # Direct checks of the fields search engines and partners read.
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == short_claim(claim.text)
    assert review["datePublished"] == claim.published_at.date().isoformat()
    assert review["author"] == {
        "@type": "Organization",
        "name": "Riverton Fact Desk",
        "url": settings.FACTCHECK_PUBLISHER_URL,
    }
    rating = review["reviewRating"]
    scale = rating_scale()
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] == Verdict(verdict).label
    expected = scale.for_verdict(verdict).value
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (expected, 3, 1)
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["text"] == claim.text
    assert item["appearance"]["url"] == claim.article.url
    assert item["appearance"]["publisher"]["name"] == claim.article.source.name
    # No speaker: the outlet asserts the claim in its own voice.
    assert item["author"]["name"] == claim.article.source.name

    # And as JSON-LD: it expands to schema.org terms with every required property present.
    node = expand(review)
    assert node["@type"] == [SCHEMA + "ClaimReview"]
    for term in ("url", "claimReviewed", "datePublished", "author", "reviewRating", "itemReviewed"):
        assert SCHEMA + term in node, term
    assert value(node, "claimReviewed")["@value"] == short_claim(claim.text)
    expanded_rating = value(node, "reviewRating")
    assert expanded_rating["@type"] == [SCHEMA + "Rating"]
    assert value(expanded_rating, "alternateName")["@value"] == Verdict(verdict).label
    assert value(expanded_rating, "ratingValue")["@value"] == expected
    expanded_item = value(node, "itemReviewed")
    assert expanded_item["@type"] == [SCHEMA + "Claim"]
    assert value(expanded_item, "text")["@value"] == claim.text
    assert value(value(expanded_item, "appearance"), "url")["@value"] == claim.article.url
    assert value(value(value(expanded_item, "appearance"), "publisher"), "name")["@value"] == claim.article.source.name
    assert value(value(expanded_item, "author"), "name")["@value"] == claim.article.source.name
    # The article's date is not known here, so the claim has none (see the test for a known date).
    assert SCHEMA + "datePublished" not in expanded_item


def test_the_jsonld_endpoint_serves_embeddable_json_ld():
    claim = published_claim(verdict="supported")
    _, raw = api_key(scopes=[Scope.VERDICTS_READ])
    response = Client().get(f"/api/v1/claims/{claim.pk}.jsonld", HTTP_ACCEPT="text/html", **bearer(raw))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.content)
    assert document["@type"] == "ClaimReview"
    assert expand(document)["@type"] == [SCHEMA + "ClaimReview"]


def test_an_article_without_a_known_url_appears_at_its_api_record():
    claim = published_claim()
    claim.article.url = ""
    claim.article.save()
    _, raw = api_key(scopes=[Scope.VERDICTS_READ])
    review = Client().get(f"/api/v1/claims/{claim.pk}.jsonld", **bearer(raw)).json()
    assert review["itemReviewed"]["appearance"]["url"].endswith(f"/api/v1/articles/{claim.article_id}/")


def _review(claim):
    _, raw = api_key(scopes=[Scope.VERDICTS_READ])
    return Client().get(f"/api/v1/claims/{claim.pk}.jsonld", **bearer(raw)).json()


def test_the_claimant_is_the_speaker_and_the_outlet_is_where_it_appeared():
    article = ArticleFactory(
        source=SourceFactory(name="Meridian Press Agency", domain="meridianpress.example"),
        url="https://meridianpress.example/bridge",
        published_on=date(2026, 3, 14),
        body="The bridge will reopen in May, Mayor Anna Berg said on Tuesday. Other text.",
    )
    claim = published_claim(article=article, speaker="Anna Berg", speaker_role="mayor")
    review = _review(claim)
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Anna Berg", "jobTitle": "mayor"}
    assert item["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://meridianpress.example/bridge",
        "headline": article.title,
        "publisher": {"@type": "Organization", "name": "Meridian Press Agency", "url": "https://meridianpress.example"},
        "datePublished": "2026-03-14",
    }
    assert item["datePublished"] == "2026-03-14"
    assert review["claimReviewed"] == "The bridge will reopen in May."
    assert item["text"] == claim.text


def test_an_organisation_speaker_is_an_organization():
    claim = published_claim(speaker="the Health Ministry")
    assert _review(claim)["itemReviewed"]["author"] == {"@type": "Organization", "name": "the Health Ministry"}


def test_an_unknown_article_date_is_left_out_not_taken_from_the_upload():
    claim = published_claim()
    assert claim.article.published_on is None
    item = _review(claim)["itemReviewed"]
    assert "datePublished" not in item
    assert "datePublished" not in item["appearance"]


def test_claim_reviewed_stays_within_75_characters_and_the_full_text_is_kept():
    body = (
        "At least 25 suspected insurgents were killed in clashes between soldiers and militants in the northeast "
        "and five civilians were killed in fighting elsewhere in the region, a military source said on Monday."
    )
    claim = published_claim(article=ArticleFactory(body=body), end=len(body))
    review = _review(claim)
    assert len(review["claimReviewed"]) <= 75
    assert review["claimReviewed"].endswith("…")
    assert review["itemReviewed"]["text"] == body


def test_the_url_is_the_public_page_this_site_serves(settings):
    settings.FACTCHECK_SITE_URL = "https://desk.example.org/"
    claim = published_claim()
    review = _review(claim)
    assert review["url"] == f"https://desk.example.org/fact-checks/{claim.pk}/"
    page = Client().get(f"/fact-checks/{claim.pk}/")
    assert page.status_code == 200
    assert json.loads(_embedded_json_ld(page.content.decode())) == review


def test_the_rating_follows_the_configured_scale(settings):
    settings.FACTCHECK_RATING_SCALE = {
        "worstRating": 0,
        "bestRating": 5,
        "ratings": {
            "disputed": {"ratingValue": 0, "alternateName": "False"},
            "unverified": {"ratingValue": 2, "alternateName": "Unproven"},
            "supported": {"ratingValue": 5, "alternateName": "True"},
        },
    }
    rating = _review(published_claim(verdict="disputed"))["reviewRating"]
    assert (rating["ratingValue"], rating["worstRating"], rating["bestRating"], rating["alternateName"]) == (
        0,
        0,
        5,
        "False",
    )


def _embedded_json_ld(html: str) -> str:
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    return html[start : html.index("</script>", start)]
