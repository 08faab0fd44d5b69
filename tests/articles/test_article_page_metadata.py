from __future__ import annotations

import datetime

import pytest

from articles.services import SourceInput, article_ingest

pytestmark = pytest.mark.django_db

OUTLET = SourceInput(name="Sudan Tribune", domain="sudantribune.example", kind="newspaper")
PAGE = (
    "Sudan Tribune | Plural news and views on Sudan | 2003-2024\n"
    "Published 12 March 2024\n"
    "Sudan army says it retook state broadcaster in Omdurman\n"
    "By Jane Doe KHARTOUM, Sudan (AP) - Sudan's army said on Wednesday it had retaken the state broadcaster's "
    "headquarters in Omdurman.\n"
    "The fighting has killed at least 14,000 people since April, according to the United Nations.\n"
)


def test_a_pasted_page_gives_the_article_its_title_byline_dateline_and_date(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = article_ingest(source=OUTLET, text=PAGE)

    article.refresh_from_db()
    assert article.title == "Sudan army says it retook state broadcaster in Omdurman"
    assert article.byline == "Jane Doe"
    assert article.dateline == "KHARTOUM, Sudan (AP)"
    assert article.published_on == datetime.date(2024, 3, 12)


def test_what_the_uploader_gives_wins_over_what_the_page_prints(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = article_ingest(
            source=OUTLET,
            text=PAGE,
            title="Army retakes broadcaster",
            byline="Desk",
            dateline="OMDURMAN (Reuters)",
            published_on=datetime.date(2024, 3, 13),
        )

    article.refresh_from_db()
    assert (article.title, article.byline, article.dateline) == (
        "Army retakes broadcaster",
        "Desk",
        "OMDURMAN (Reuters)",
    )
    assert article.published_on == datetime.date(2024, 3, 13)


def test_the_title_is_never_the_site_name_or_the_date_line(django_capture_on_commit_callbacks):
    text = "Sudan Tribune\n12 March 2024\nThe army said on Wednesday it had retaken the state broadcaster.\n"
    with django_capture_on_commit_callbacks(execute=False):
        article = article_ingest(source=OUTLET, text=text)

    article.refresh_from_db()
    assert article.title == "The army said on Wednesday it had retaken the state broadcaster."
    assert article.published_on == datetime.date(2024, 3, 12)
