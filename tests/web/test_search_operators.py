"""Search reads a query the way a web search box does (words, -word, "phrase", or) on PostgreSQL and on SQLite,
and refuses a date range that ends before it starts instead of silently finding nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.search import substring_matches
from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories() -> dict[str, Any]:
    wire: Any = SourceFactory(name="Meridian Press Agency", domain="meridianpress.example")
    old: Any = ArticleFactory(
        source=wire,
        title="Harrow bridge reopens",
        published_on=date(2025, 6, 2),
        body="The Harrow bridge reopened in June 2025 after two years of repairs.",
    )
    new: Any = ArticleFactory(
        source=wire,
        title="Flood closes Harrow bridge",
        published_on=date(2026, 3, 14),
        body="A flash flood closed the Harrow bridge on Friday; fourteen people died.",
    )
    fire: Any = ArticleFactory(
        source=wire,
        title="Warehouse fire in Dunmere",
        published_on=date(2026, 3, 12),
        body="A fire destroyed a warehouse in Dunmere; the death toll is zero.",
    )
    old_claim: Any = ClaimFactory(article=old, text="The Harrow bridge reopened in June 2025.", start=0, end=40)
    new_claim: Any = ClaimFactory(article=new, text="A flash flood closed the Harrow bridge.", start=0, end=39)
    return {"old": old, "new": new, "fire": fire, "old_claim": old_claim, "new_claim": new_claim}


CASES = [
    ("bridge -2025", {"new"}),
    ("bridge", {"old", "new"}),
    ("-2025 harrow", {"new"}),
    ('"death toll"', {"fire"}),
    ('bridge -"two years"', {"new"}),
    ("flood or warehouse", {"new", "fire"}),
    ("bridge 2025", {"old"}),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_the_database_search_reads_minus_phrases_and_or(stories: dict, query: str, expected: set[str]) -> None:
    found = set(Article.objects.matching(query).values_list("pk", flat=True))
    assert found == {stories[name].pk for name in expected}


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_the_substring_fallback_reads_the_query_the_same_way(stories: dict, query: str, expected: set[str]) -> None:
    found = set(substring_matches(Article.objects.all(), query, fields=("title", "body")).values_list("pk", flat=True))
    assert found == {stories[name].pk for name in expected}


def test_a_minus_word_excludes_claims_too(stories: dict) -> None:
    assert list(Claim.objects.matching("bridge -2025")) == [stories["new_claim"]]
    fallback = substring_matches(Claim.objects.all(), "bridge -2025", fields=("text", "rationale"))
    assert list(fallback) == [stories["new_claim"]]


def test_the_search_page_leaves_out_what_the_minus_word_names(stories: dict, reviewer_client: Client) -> None:
    page = reviewer_client.get(reverse("claims:search"), {"q": "bridge -2025"}).content.decode()
    assert "Flood closes Harrow bridge" in page
    assert "Harrow bridge reopens" not in page
    assert "June 2025" not in page  # nor does a snippet quote the excluded word


def test_a_from_date_after_the_to_date_is_a_clear_form_error(stories: dict, reviewer_client: Client) -> None:
    response = reviewer_client.get(
        reverse("claims:search"), {"q": "bridge", "date_from": "2026-03-20", "date_to": "2026-03-01"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“Published to” (1 Mar 2026) is before “Published from” (20 Mar 2026)" in page
    assert "Swap the dates or clear one." in page
    assert response.context["form"].errors["date_to"] == ["Before “Published from”."]
    assert not response.context["searched"]


def test_a_one_day_range_is_fine(stories: dict, reviewer_client: Client) -> None:
    response = reviewer_client.get(reverse("claims:search"), {"date_from": "2026-03-14", "date_to": "2026-03-14"})
    assert "Flood closes Harrow bridge" in response.content.decode()
    assert "is before" not in response.content.decode()
