"""Every published verdict carries valid schema.org ClaimReview JSON-LD."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from pyld import jsonld

from claims.api.claimreview import BEST_RATING, RATING_SCALE, WORST_RATING
from claims.models import Verdict
from partners.models import Scope
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
    assert review["claimReviewed"] == claim.text
    assert review["datePublished"] == claim.published_at.date().isoformat()
    assert review["author"] == {
        "@type": "Organization",
        "name": "Riverton Fact Desk",
        "url": settings.FACTCHECK_PUBLISHER_URL,
    }
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] == Verdict(verdict).label
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (RATING_SCALE[verdict], 3, 1)
    assert WORST_RATING <= rating["ratingValue"] <= BEST_RATING
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"]["url"] == claim.article.url
    assert item["author"]["name"] == claim.article.source.name

    # And as JSON-LD: it expands to schema.org terms with every required property present.
    node = expand(review)
    assert node["@type"] == [SCHEMA + "ClaimReview"]
    for term in ("url", "claimReviewed", "datePublished", "author", "reviewRating", "itemReviewed"):
        assert SCHEMA + term in node, term
    assert value(node, "claimReviewed")["@value"] == claim.text
    expanded_rating = value(node, "reviewRating")
    assert expanded_rating["@type"] == [SCHEMA + "Rating"]
    assert value(expanded_rating, "alternateName")["@value"] == Verdict(verdict).label
    assert value(expanded_rating, "ratingValue")["@value"] == RATING_SCALE[verdict]
    expanded_item = value(node, "itemReviewed")
    assert expanded_item["@type"] == [SCHEMA + "Claim"]
    assert value(value(expanded_item, "appearance"), "url")["@value"] == claim.article.url
    assert value(value(expanded_item, "author"), "name")["@value"] == claim.article.source.name
    assert SCHEMA + "datePublished" in expanded_item


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
