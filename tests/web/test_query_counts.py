"""The article and claim pages cost a fixed number of queries however many claims and suggestions there are."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Passage
from claims.models import Claim, Evidence, ReviewEvent
from tests.factories import ArticleFactory, PassageFactory, SourceFactory

ARTICLE_PAGE_QUERIES = 10
CLAIM_PAGE_QUERIES = 10


def _article_with_claims(n: int, reviewer: Any) -> Any:
    sentence = "The council said {i} homes were flooded on Friday. "
    body = "".join(sentence.format(i=i) for i in range(n))
    article: Any = ArticleFactory(body=body)
    other: Any = ArticleFactory(body="Officials counted many flooded homes on Friday, the council said. " * 3)
    passage: Any = PassageFactory(article=other)
    claims, cursor = [], 0
    for i in range(n):
        text = sentence.format(i=i).strip()
        start = body.index(text, cursor)
        cursor = start + len(text)
        claims.append(
            Claim(
                article=article,
                start=start,
                end=cursor,
                text=text,
                score=(i % 10) / 10,
                claim_type="quantity",
                assigned_to=reviewer if i % 3 == 0 else None,
            )
        )
    Claim.objects.bulk_create(claims)
    Evidence.objects.bulk_create(
        Evidence(claim=c, passage=passage, stance="supports", origin="system", score=0.7) for c in claims
    )
    return article


def _claim_with_evidence(n: int, actor: Any) -> Claim:
    article: Any = ArticleFactory(body="At least 14 people were killed when the bridge collapsed, officials said.")
    claim = Claim.objects.create(article=article, start=0, end=len(article.body), text=article.body, score=0.9)
    passages = []
    for i in range(n):
        other: Any = ArticleFactory(
            source=SourceFactory(),
            body=f"Report {i}: at least {14 + i % 3} people were killed when the bridge collapsed, police said.",
        )
        passages.append(Passage(article=other, position=0, start=0, end=len(other.body), text=other.body))
    Passage.objects.bulk_create(passages)
    Evidence.objects.bulk_create(
        Evidence(
            claim=claim,
            passage=p,
            stance="supports",
            origin="system",
            score=0.5 + (i % 5) / 10,
            differences=[{"slot": "number", "claim_value": "14", "passage_value": "15"}] if i % 3 == 1 else [],
            same_origin=i % 7 == 0,
            earlier_report=i % 11 == 0,
            decided_by=actor if i % 2 else None,
            state="accepted" if i % 2 else "suggested",
        )
        for i, p in enumerate(passages)
    )
    ReviewEvent.objects.bulk_create(
        ReviewEvent(claim=claim, actor=actor, action="evidence_accepted", claim_version=1) for _ in range(n // 4)
    )
    return claim


@pytest.mark.parametrize("size", [3, 200])
def test_the_article_page_query_count_does_not_grow_with_claims(
    size: int, editor_client: Client, reviewer_user: Any, django_assert_max_num_queries: Any
) -> None:
    article = _article_with_claims(size, reviewer_user)
    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
        response = editor_client.get(reverse("articles:detail", args=[article.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="claim-mark') == size


@pytest.mark.parametrize("size", [3, 200])
def test_the_claim_page_query_count_does_not_grow_with_evidence(
    size: int, editor_client: Client, reviewer_user: Any, django_assert_max_num_queries: Any
) -> None:
    claim = _claim_with_evidence(size, reviewer_user)
    with django_assert_max_num_queries(CLAIM_PAGE_QUERIES):
        response = editor_client.get(reverse("claims:review", args=[claim.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("data-evidence") == size


def test_the_dashboard_and_lists_have_a_fixed_query_count(
    editor_client: Client, reviewer_user: Any, django_assert_max_num_queries: Any
) -> None:
    _article_with_claims(60, reviewer_user)
    for name in ("claims:dashboard", "claims:list", "articles:list"):
        with django_assert_max_num_queries(12):
            assert editor_client.get(reverse(name)).status_code == 200
