"""A claim keeps the date its event happened, resolved against the article's publication date."""

from __future__ import annotations

from datetime import date

import pytest

from articles.services import SourceInput, article_ingest
from claims.models import Claim
from tests.factories import ClaimFactory, reviewer

pytestmark = pytest.mark.django_db(transaction=True)

STORY = (
    "Flood update\n\n"
    "At least 14 people died in Lorvan on Wednesday, police spokeswoman Maria Ortiz said. "
    "The river burst its banks after 200 mm of rain fell in two days, the weather service said."
)


@pytest.mark.slow
def test_an_analysed_claim_keeps_its_event_date_resolved_against_the_publication_date():
    # 13 March 2024 was a Wednesday: "on Wednesday" in a report of Friday 15 March is the 13th.
    article = article_ingest(
        source=SourceInput(name="Desk", domain="desk.example"), text=STORY, published_on=date(2024, 3, 15)
    )
    article.refresh_from_db()
    assert article.status == "done", article.error_message
    dated = Claim.objects.get(article=article, text__contains="14 people")
    assert (dated.event_date, dated.event_date_precision, dated.event_date_text) == (
        date(2024, 3, 13),
        "day",
        "on Wednesday",
    )
    undated = Claim.objects.get(article=article, text__contains="200 mm")
    assert (undated.event_date, undated.event_date_precision) == (None, "")


def test_the_review_page_shows_the_event_date_to_its_precision(client):
    claim = ClaimFactory(event_date=date(2023, 6, 1), event_date_precision="month", event_date_text="last June")
    client.force_login(reviewer())
    page = client.get(claim.get_absolute_url()).content.decode()
    assert 'data-testid="event-date">June 2023' in page
    assert "last June" in page
