"""The partner feed's rows-built JSON is ClaimSerializer's JSON, byte for byte, from a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from claims.api.fast import claim_rows, evidence_rows, feed_payload
from claims.api.serializers import ClaimSerializer, claims_for_api
from claims.models import Claim, ClaimGroup, Evidence, ReviewState
from factcheck.api.page_cache import forget_stored_pages
from factcheck.api.renderers import SafeJSONRenderer
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, PassageFactory, SourceFactory
from tests.partners.helpers import published_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttle_cache")]

NEWEST_FIRST = ("-published_at", "-id")


def rendered(data: object) -> bytes:
    return SafeJSONRenderer().render(data)


def passage_evidence(claim: Claim, article: Article, **fields: Any) -> Evidence:
    fields.setdefault("state", Evidence.State.ACCEPTED)
    return EvidenceFactory(claim=claim, passage=PassageFactory(article=article), **fields)


def external_evidence(claim: Claim, url: str, **fields: Any) -> Evidence:
    values: dict[str, Any] = {"excerpt": "12 deaths recorded", "stance": "supports", "origin": "human"}
    values.update(state="accepted", **fields)
    return Evidence.objects.create(claim=claim, external_url=url, **values)


def a_varied_feed() -> list[Claim]:
    """Published claims covering what the JSON can hold, and claims the feed must leave out; the published ones."""
    wire = SourceFactory(name="Wire <Agency> & Co", domain="wire.example", kind="wire")
    radio = SourceFactory(name="Radio Example", domain="radio.example", kind="broadcaster")
    group = ClaimGroup.objects.create()  # two of the claims share one review
    base = timezone.now().replace(microsecond=123456)

    # Passage evidence from several outlets, ordered by score (a missing score last), with suggested and rejected
    # evidence that must not show; a speaker with a role; escaping-sensitive text; an exact event date.
    with_everything = published_claim(
        verdict="disputed", speaker="Anna Berg", speaker_role="mayor", event_date=datetime.date(2025, 3, 14)
    )
    Claim.objects.filter(pk=with_everything.pk).update(
        text="«14» dead </script> \u2028 in Riverton & more",
        rationale="Checked against the <b>final</b> count.",
        event_date_precision="day",
        group=group,
        published_at=base,
    )
    passage_evidence(
        with_everything, ArticleFactory(source=wire, url="https://wire.example/a", published_on=None), score=0.4
    )
    passage_evidence(with_everything, ArticleFactory(source=radio), stance="contradicts", score=0.9, note="copied")
    passage_evidence(with_everything, ArticleFactory(source=wire, url=""), stance="context", score=None, origin="human")
    passage_evidence(with_everything, ArticleFactory(), state=Evidence.State.SUGGESTED)
    passage_evidence(with_everything, ArticleFactory(), state=Evidence.State.REJECTED)
    external_evidence(with_everything, "https://www.stats.example/table")

    # No evidence at all; an organisation speaks through a statement; the article has no URL and no publication date.
    bare = published_claim(
        verdict="supported",
        speaker="the Health Ministry",
        source_type="statement",
        article=ArticleFactory(source=radio, url="", published_on=None),
    )
    Claim.objects.filter(pk=bare.pk).update(group=group, published_at=base - datetime.timedelta(hours=5))

    # External evidence only: the same site with and without www. is one origin, another site a second.
    external_only = published_claim(verdict="unverified", rationale="")
    Claim.objects.filter(pk=external_only.pk).update(
        event_date=datetime.date(2024, 11, 1),
        event_date_precision="month",
        published_at=base - datetime.timedelta(days=40),
    )
    external_evidence(external_only, "https://stats.example/a")
    external_evidence(external_only, "https://www.stats.example/b", note="second table")
    external_evidence(external_only, "https://other.example/c", stance="contradicts")

    # Passage evidence from a copy of the claim's own report (one origin) and from an independent report.
    original = ArticleFactory(source=wire, published_on=datetime.date(2025, 3, 7))
    copies = published_claim(article=ArticleFactory(same_origin_as=original, published_on=datetime.date(2025, 3, 8)))
    Claim.objects.filter(pk=copies.pk).update(published_at=base - datetime.timedelta(minutes=1))
    passage_evidence(copies, original, same_origin=True)
    passage_evidence(copies, ArticleFactory(source=radio, same_origin_as=original))
    passage_evidence(copies, ArticleFactory(source=wire))

    # Left out of the feed: a withdrawn verdict and an unreviewed claim with a supporting suggestion.
    withdrawn = published_claim(verdict="disputed")
    Claim.objects.filter(pk=withdrawn.pk).update(review_state=ReviewState.WITHDRAWN)
    passage_evidence(withdrawn, ArticleFactory(source=wire))
    unreviewed = ClaimFactory(article=ArticleFactory(source=wire))
    passage_evidence(unreviewed, ArticleFactory(source=wire), state=Evidence.State.SUGGESTED)

    return list(claims_for_api(Claim.objects.published()).order_by(*NEWEST_FIRST))


def rows_payload(queryset: Any) -> list[dict[str, Any]]:
    rows = list(claim_rows(queryset).order_by(*NEWEST_FIRST))
    return feed_payload(rows, evidence_rows([row["id"] for row in rows]))


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_the_rows_give_the_same_bytes_as_the_serializer_in_any_time_zone(settings, zone: str) -> None:
    settings.TIME_ZONE = zone
    page = a_varied_feed()
    assert len(page) == 4
    assert rendered(rows_payload(Claim.objects.published())) == rendered(ClaimSerializer(page, many=True).data)
    one = page[0]
    assert rendered(rows_payload(Claim.objects.filter(pk=one.pk))) == rendered([ClaimSerializer(one).data])


def test_the_varied_feed_shows_what_it_should(settings) -> None:
    """The byte comparison is only as good as the data: check the feed really holds the cases it claims to."""
    settings.TIME_ZONE = "Asia/Kolkata"
    a_varied_feed()
    payload = {item["id"]: item for item in rows_payload(Claim.objects.published())}
    everything, copies, bare, external_only = (
        payload[claim.pk] for claim in sorted(Claim.objects.published(), key=lambda c: c.published_at, reverse=True)
    )
    assert [item["stance"] for item in everything["evidence"]] == ["contradicts", "supports", "context", "supports"]
    assert everything["claim_review"]["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Anna Berg",
        "jobTitle": "mayor",
    }
    assert everything["published_at"].endswith("+05:30")
    assert bare["evidence"] == [] and bare["article"]["published_on"] is None
    assert bare["claim_review"]["itemReviewed"]["author"]["@type"] == "Organization"
    assert bare["group_id"] == everything["group_id"] is not None
    assert {item["kind"] for item in external_only["evidence"]} == {"external"}
    # Its own article and stats.example (with or without www.); the contradicting other.example does not count.
    assert external_only["independent_origins"] == 2
    assert copies["independent_origins"] == 2  # the copy and its original count once, the wire report once more


def test_every_page_of_the_feed_is_byte_identical_to_the_serializers_page(settings, partner_client: Client) -> None:
    settings.TIME_ZONE = "America/New_York"
    page = a_varied_feed()
    url: str | None = "/api/v1/claims/?page_size=3"
    pages = 0
    while url:
        response = partner_client.get(url)
        assert response.status_code == 200
        body = response.json()
        shown = page[pages * 3 : pages * 3 + 3]
        expected = {
            "next": body["next"],
            "previous": body["previous"],
            "results": ClaimSerializer(shown, many=True).data,
        }
        assert response.content == rendered(expected)
        url, pages = body["next"], pages + 1
    assert pages == 2
    assert b"\\u003c/script\\u003e" in partner_client.get("/api/v1/claims/").content


def a_benchmark_page() -> None:
    """The benchmark's page: 50 published claims, each with two passage evidence and one external source."""
    wires = [SourceFactory(name=f"Wire {n}", domain=f"wire{n}.example", kind="wire") for n in range(5)]
    for number in range(50):
        claim = published_claim()
        for stance, wire in (("supports", wires[number % 5]), ("contradicts", wires[(number + 1) % 5])):
            passage_evidence(claim, ArticleFactory(source=wire), stance=stance)
        external_evidence(claim, "https://stats.example/table")


def test_a_full_page_costs_four_queries_and_a_fresh_client_three(
    partner_client: Client, django_assert_num_queries
) -> None:
    a_benchmark_page()
    partner_client.get("/api/v1/claims/")  # a key's first use also stamps its last_used_at: not the feed's cost
    forget_stored_pages()  # and it stored the page: this test counts the page being built
    # The key, the page's claim rows (with their evidence digests and the feed's last change), the evidence rows,
    # the request log. The ClaimSerializer path took 6: the key, the claims, two evidence prefetches, last change, log.
    with django_assert_num_queries(4):
        response = partner_client.get("/api/v1/claims/")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 50
    # The same page again comes from the page cache, without the evidence rows (tests/api/test_claims_feed_cache.py).
    with django_assert_num_queries(3):
        assert partner_client.get("/api/v1/claims/").content == response.content
    # A client holding the page's ETag gets its 304 before the evidence is read or any JSON built.
    with django_assert_num_queries(3):
        again = partner_client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == response["ETag"]


def test_the_unfiltered_page_built_once_is_read_afresh_every_request(partner_client: Client) -> None:
    first = published_claim(verdict="supported")
    assert [item["id"] for item in partner_client.get("/api/v1/claims/").json()["results"]] == [first.pk]
    # A filtered request between two unfiltered ones builds its own query and leaves the shared one as it was.
    assert partner_client.get("/api/v1/claims/?verdict=disputed").json()["results"] == []
    second = published_claim(verdict="disputed")
    unfiltered = partner_client.get("/api/v1/claims/").json()["results"]
    assert {item["id"] for item in unfiltered} == {first.pk, second.pk}
    assert [item["id"] for item in partner_client.get("/api/v1/claims/?verdict=disputed").json()["results"]] == [
        second.pk
    ]
    assert [item["id"] for item in partner_client.get("/api/v1/claims/?page_size=1").json()["results"]] == [
        unfiltered[0]["id"]
    ]
