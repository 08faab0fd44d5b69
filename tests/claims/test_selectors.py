"""Reads shared by the desk pages and the API: one rule per figure, whichever door asks."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from claims import selectors
from claims.models import Evidence
from claims.services import claim_set_verdict
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
    """A published wire story's claim, supported by its rewrite, an independent outlet and one site (twice)."""
    claim = published_claim(verdict="supported")
    wire = claim.article
    _supports(claim, article=ArticleFactory(same_origin_as=wire), state=Evidence.State.ACCEPTED)  # a copy
    _supports(claim, article=ArticleFactory(), state=Evidence.State.ACCEPTED)  # an independent report
    _supports(claim, url="https://stats.example/flooding", state=Evidence.State.ACCEPTED)
    _supports(claim, url="https://www.stats.example/flooding/2", state=Evidence.State.ACCEPTED)  # same site
    _supports(claim, article=ArticleFactory(), state=Evidence.State.REJECTED)  # a reviewer said no
    _supports(claim, article=ArticleFactory())  # left undecided when the verdict was set
    EvidenceFactory(
        claim=claim,
        passage=PassageFactory(article=ArticleFactory()),
        stance=Evidence.Stance.CONTRADICTS,
        state=Evidence.State.ACCEPTED,
    )
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


def test_the_rule_counts_copies_once_and_only_what_the_reviewer_accepted_once_there_is_a_verdict(
    corroborated_claim,
):
    found = selectors.claim_corroboration(claim=corroborated_claim)
    # Articles: the wire story, its rewrite and the independent report; the undecided suggestion is not one.
    assert (found.articles, found.article_origins, found.external_hosts, found.copies) == (3, 2, 1, 1)


def test_an_open_suggestion_counts_while_the_claim_awaits_review_and_stops_counting_once_it_has_a_verdict():
    claim = ClaimFactory()
    _supports(claim, article=ArticleFactory())
    assert selectors.independent_origin_count(claim=claim) == 2
    assert _claim_page_origins(claim) == _article_page_origins(claim) == 2
    claim_set_verdict(
        claim_id=claim.pk, verdict="supported", rationale="Confirmed.", reviewer=reviewer(), expected_version=1
    )
    claim.refresh_from_db()
    assert selectors.independent_origin_count(claim=claim) == 1
    assert _claim_page_origins(claim) == _article_page_origins(claim) == 1


def test_the_next_claim_walks_on_down_the_queue_and_wraps_round():
    user = reviewer()
    top, middle, bottom = (ClaimFactory(score=score) for score in (0.9, 0.6, 0.3))
    assert selectors.claim_next(user=user, after_id=None) == top
    assert selectors.claim_next(user=user, after_id=top.pk) == middle
    assert selectors.claim_next(user=user, after_id=middle.pk) == bottom
    assert selectors.claim_next(user=user, after_id=bottom.pk) == top


def test_the_api_list_counts_origins_without_a_query_per_claim():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, raw = api_key(scopes=[Scope.VERDICTS_READ])
    Client().get("/api/v1/claims/", **bearer(raw))  # stamps the key as used, a write the next minute skips

    def list_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get("/api/v1/claims/", **bearer(raw)).status_code == 200
        return len(queries)

    claim = published_claim(verdict="supported")
    _supports(claim, article=ArticleFactory(), state=Evidence.State.ACCEPTED)
    one = list_queries()
    for _ in range(4):
        more = published_claim(verdict="supported")
        _supports(more, article=ArticleFactory(), state=Evidence.State.ACCEPTED)
    assert list_queries() == one
