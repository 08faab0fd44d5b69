"""Search across articles and claims: full-text on PostgreSQL (through the GIN index), substrings on SQLite."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory


@pytest.fixture
def corpus(db: object) -> dict[str, object]:
    wire: Any = SourceFactory(name="Meridian Press Agency", domain="meridianpress.example")
    tv: Any = SourceFactory(name="CPTV News", domain="cptv.example")
    flood: Any = ArticleFactory(
        source=wire,
        title="Flash flood brings down bridge",
        published_on=date(2026, 3, 14),
        body="A flash flood swept away the Harrow Street Bridge in Lorvan. Fourteen people died.",
    )
    toll: Any = ArticleFactory(
        source=tv,
        title="Death toll rises to 19",
        published_on=date(2026, 3, 15),
        body="Rescuers searched the river through the night after the bridges collapsed.",
    )
    fire: Any = ArticleFactory(
        source=wire,
        title="Warehouse fire in Dunmere",
        published_on=date(2026, 3, 12),
        body="A fire destroyed a warehouse in Dunmere on Tuesday; nobody was hurt.",
    )
    claim: Any = ClaimFactory(
        article=flood, review_state="reviewed", verdict="supported", rationale="Confirmed by the provincial council."
    )
    ClaimFactory(article=fire)
    return {"flood": flood, "toll": toll, "fire": fire, "claim": claim, "wire": wire}


def _search(client: Client, **params: Any) -> str:
    response = client.get(reverse("claims:search"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_finds_articles_and_claims_by_words(corpus: dict, reviewer_client: Client) -> None:
    page = _search(reviewer_client, q="bridge")
    assert "Flash flood brings down bridge" in page
    assert "Warehouse fire in Dunmere" not in page
    if connection.vendor == "postgresql":
        # English stemming: "bridges" in the body matches "bridge".
        assert "Death toll rises to 19" in page


def test_it_searches_claim_rationales(corpus: dict, reviewer_client: Client) -> None:
    page = _search(reviewer_client, q="provincial council")
    assert reverse("claims:review", args=[corpus["claim"].pk]) in page


def test_filters_narrow_by_outlet_date_verdict_and_state(corpus: dict, reviewer_client: Client) -> None:
    by_outlet = _search(reviewer_client, outlet=corpus["wire"].pk)
    assert "Warehouse fire in Dunmere" in by_outlet and "Death toll rises to 19" not in by_outlet
    by_date = _search(reviewer_client, date_from="2026-03-13", date_to="2026-03-14")
    assert "Flash flood brings down bridge" in by_date and "Warehouse fire" not in by_date
    by_verdict = _search(reviewer_client, verdict="supported")
    assert reverse("claims:review", args=[corpus["claim"].pk]) in by_verdict
    assert Claim.objects.count() == 2 and by_verdict.count("/claims/") >= 1
    assert "Warehouse fire in Dunmere" not in by_verdict
    by_state = _search(reviewer_client, state="unreviewed")
    assert "Warehouse fire in Dunmere" in by_state


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_the_article_search_can_use_the_gin_index(corpus: dict) -> None:
    from articles.search import ARTICLE_TSVECTOR as _ARTICLE_TSV

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM articles_article WHERE {_ARTICLE_TSV} @@ websearch_to_tsquery('english', %s)",
            ["bridge"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_gin" in plan
