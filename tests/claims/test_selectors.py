"""Reads shared by the desk pages and the API: one rule per figure, whichever door asks."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from claims import selectors
from claims.models import Evidence
from partners.models import Scope
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, PassageFactory, reviewer
from tests.partners.helpers import api_key, bearer, published_claim

pytestmark = pytest.mark.django_db


def _supports(claim, *, article=None, url="", state=Evidence.State.SUGGESTED):
    if article is not None:
        return EvidenceFactory(
            claim=claim, passage=PassageFactory(article=article), stance=Evidence.Stance.SUPPORTS, state=state
        )
    return EvidenceFactory(
        claim=claim,
        passage=None,
        external_url=url,
        excerpt="The ministry's figures confirm it.",
        stance=Evidence.Stance.SUPPORTS,
        origin=Evidence.Origin.HUMAN,
        state=state,
    )


@pytest.fixture
def corroborated_claim():
    """A wire story's claim: reported by a rewrite of it, an independent outlet and one external site (twice)."""
    claim = published_claim(verdict="supported")
    wire = claim.article
    _supports(claim, article=ArticleFactory(same_origin_as=wire))  # a copy: no new origin
    _supports(claim, article=ArticleFactory(), state=Evidence.State.ACCEPTED)  # an independent report
    _supports(claim, url="https://stats.example/flooding", state=Evidence.State.ACCEPTED)
    _supports(claim, url="https://www.stats.example/flooding/2", state=Evidence.State.ACCEPTED)  # same host
    _supports(claim, article=ArticleFactory(), state=Evidence.State.REJECTED)  # a reviewer said no
    EvidenceFactory(claim=claim, passage=PassageFactory(article=ArticleFactory()), stance=Evidence.Stance.CONTRADICTS)
    return claim


def _desk_client() -> Client:
    client = Client()
    client.force_login(reviewer())
    return client


def _api_origins(claim) -> tuple[int, int]:
    _, raw = api_key(scopes=[Scope.VERDICTS_READ])
    detail = Client().get(f"/api/v1/claims/{claim.pk}/", **bearer(raw)).json()
    [listed] = [c for c in Client().get("/api/v1/claims/", **bearer(raw)).json()["results"] if c["id"] == claim.pk]
    return detail["independent_origins"], listed["independent_origins"]


def _claim_page_origins(claim) -> int:
    page = _desk_client().get(claim.get_absolute_url()).content.decode()
    return int(re.search(r"<strong>(\d+) independent origins?</strong>", page).group(1))


def _article_page_origins(claim) -> int:
    page = _desk_client().get(claim.article.get_absolute_url()).content.decode()
    return int(re.search(r'<strong data-testid="independent-origins">(\d+)</strong>', page).group(1))


def test_the_claim_page_the_article_page_and_the_api_count_the_same_independent_origins(corroborated_claim):
    claim = corroborated_claim
    # The wire story and its rewrite are one origin, the independent outlet another, the external site a third.
    assert selectors.independent_origin_count(claim=claim) == 3
    assert _claim_page_origins(claim) == 3
    assert _article_page_origins(claim) == 3  # the article's only claim: the same set of reports
    assert _api_origins(claim) == (3, 3)


def test_the_rule_counts_copies_once_and_ignores_rejected_and_contradicting_evidence(corroborated_claim):
    found = selectors.claim_corroboration(claim=corroborated_claim)
    # Articles: the wire story, its rewrite and the independent report.
    assert (found.articles, found.article_origins, found.external_hosts, found.copies) == (3, 2, 1, 1)


def test_the_next_claim_walks_on_down_the_queue_and_wraps_round():
    user = reviewer()
    top, middle, bottom = (ClaimFactory(score=score) for score in (0.9, 0.6, 0.3))
    assert selectors.claim_next(user=user, after_id=None) == top
    assert selectors.claim_next(user=user, after_id=top.pk) == middle
    assert selectors.claim_next(user=user, after_id=middle.pk) == bottom
    assert selectors.claim_next(user=user, after_id=bottom.pk) == top
