from __future__ import annotations

import pytest
from django.test import Client

from claims.models import Evidence
from claims.selectors import corroboration
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, PassageFactory, reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def wire_claim_with_reports():
    claim = ClaimFactory()
    wire = claim.article
    rewrite = ArticleFactory(same_origin_as=wire)  # a copy of the wire story
    independent = ArticleFactory()
    dissenting = ArticleFactory()
    ignored = ArticleFactory()
    EvidenceFactory(claim=claim, passage=PassageFactory(article=rewrite), stance=Evidence.Stance.SUPPORTS)
    EvidenceFactory(
        claim=claim,
        passage=PassageFactory(article=independent),
        stance=Evidence.Stance.SUPPORTS,
        state=Evidence.State.ACCEPTED,
    )
    EvidenceFactory(claim=claim, passage=PassageFactory(article=dissenting), stance=Evidence.Stance.CONTRADICTS)
    EvidenceFactory(
        claim=claim,
        passage=PassageFactory(article=ignored),
        stance=Evidence.Stance.SUPPORTS,
        state=Evidence.State.REJECTED,
    )
    return claim


def test_corroboration_counts_articles_but_a_rewrite_adds_no_independent_origin(wire_claim_with_reports):
    claim = wire_claim_with_reports
    evidence = claim.evidence.select_related("passage__article")
    # The wire story, its rewrite and an independent report: 3 articles, 2 origins. A contradiction or a
    # rejected suggestion is not corroboration.
    found = corroboration(article=claim.article, evidence=evidence)
    assert (found.articles, found.origins, found.copies) == (3, 2, 1)


def test_the_reviewer_sees_articles_and_independent_origins_on_the_claim_page(wire_claim_with_reports):
    client = Client()
    client.force_login(reviewer())
    page = client.get(wire_claim_with_reports.get_absolute_url()).content.decode()
    assert "Reported by <strong>3 articles</strong>" in page
    assert "<strong>2 independent origins</strong>" in page


def test_the_article_page_counts_only_supporting_reports(wire_claim_with_reports):
    client = Client()
    client.force_login(reviewer())
    page = client.get(wire_claim_with_reports.article.get_absolute_url()).content.decode()
    assert "reported by <strong>3 articles</strong>" in page
    assert '<strong data-testid="independent-origins">2</strong> independent origins' in page
    assert "1 is a copy of another" in page
