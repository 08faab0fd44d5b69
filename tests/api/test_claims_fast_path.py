"""The partner feed's plain-function JSON is ClaimSerializer's JSON, byte for byte."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from claims.api.fast import claim_payload, claims_payload
from claims.api.serializers import ClaimSerializer, claims_for_api
from claims.models import Claim, ClaimGroup, Evidence
from factcheck.api.renderers import SafeJSONRenderer
from partners.models import Scope
from tests.factories import ArticleFactory, EvidenceFactory, PassageFactory, SourceFactory
from tests.partners.helpers import api_key, bearer, published_claim

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    cache.clear()
    yield
    cache.clear()


def rendered(data: object) -> bytes:
    return SafeJSONRenderer().render(data)


def a_varied_feed() -> None:
    """Claims with passage and external evidence, a shared outlet, a missing date, text that must be escaped."""
    wire = SourceFactory(name="Wire <Agency> & Co", domain="wire.example", kind="wire")
    group = ClaimGroup.objects.create()  # two of the claims share one review
    for number in range(4):
        claim = published_claim()
        Claim.objects.filter(pk=claim.pk).update(
            text=f"Claim {number}: «{number * 7}» dead </script> \u2028 in Riverton",
            speaker="the mayor" if number % 2 else "",
            rationale="Checked against the <b>final</b> count.",
            published_at=timezone.now() - datetime.timedelta(minutes=number),
            event_date=datetime.date(2025, 3, 14) if number % 2 else None,
            event_date_precision="day" if number % 2 else "",
            group=group if number < 2 else None,
        )
        claim.refresh_from_db()
        for stance in ("supports", "contradicts"):
            EvidenceFactory(
                claim=claim,
                passage=PassageFactory(
                    article=ArticleFactory(
                        source=wire, url=f"https://wire.example/{number}-{stance}", published_on=None
                    )
                ),
                state=Evidence.State.ACCEPTED,
                stance=stance,
                note="copied" if number == 2 else "",
            )
        Evidence.objects.create(
            claim=claim,
            external_url="https://stats.example/table",
            excerpt="12 deaths recorded",
            stance="supports",
            origin="human",
            state="accepted",
        )
        EvidenceFactory(claim=claim, passage=PassageFactory(article=ArticleFactory()), state=Evidence.State.SUGGESTED)


def test_the_plain_functions_render_the_same_bytes_as_the_serializer() -> None:
    a_varied_feed()
    page = list(claims_for_api(Claim.objects.published()).order_by("-published_at", "-id"))
    assert len(page) == 4
    assert rendered(claims_payload(page)) == rendered(ClaimSerializer(page, many=True).data)
    for claim in page:
        assert rendered(claim_payload(claim)) == rendered(ClaimSerializer(claim).data)


def test_the_feed_page_is_byte_identical_to_the_serializers_page() -> None:
    a_varied_feed()
    _, raw = api_key(scopes=[Scope.VERDICTS_READ])
    client = Client()
    client.defaults.update(bearer(raw))
    response = client.get("/api/v1/claims/?page_size=3")
    assert response.status_code == 200
    page = list(claims_for_api(Claim.objects.published()).order_by("-published_at", "-id")[:3])
    body = response.json()
    expected = {"next": body["next"], "previous": None, "results": ClaimSerializer(page, many=True).data}
    assert response.content == rendered(expected)
    assert b"\\u003c/script\\u003e" in response.content
