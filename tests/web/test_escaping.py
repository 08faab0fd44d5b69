"""Uploaded text never executes: article text, titles and claims are escaped wherever they are shown."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from claims.models import Claim
from tests.factories import ArticleFactory, EvidenceFactory, PassageFactory

SCRIPT = "<script>alert(1)</script>"


def test_article_text_with_a_script_tag_is_shown_escaped(editor_client: Client) -> None:
    body = f"The mayor wrote {SCRIPT} on the council site. Officials said 14 people died on Friday."
    article: Any = ArticleFactory(title=f"Title {SCRIPT}", body=body)
    start = body.index("The mayor")
    claim = Claim.objects.create(
        article=article, start=start, end=body.index(".") + 1, text=body[start : body.index(".") + 1], score=0.9
    )
    other: Any = ArticleFactory(body=f"Another outlet quoted {SCRIPT} and said 19 people died on Friday.")
    EvidenceFactory(
        claim=claim,
        passage=PassageFactory(article=other),
        differences=[{"slot": "number", "claim_value": "<b>14</b>", "passage_value": SCRIPT}],
    )

    for url in (
        reverse("articles:detail", args=[article.pk]),
        reverse("claims:review", args=[claim.pk]),
        reverse("claims:search") + "?q=mayor",
        reverse("articles:list"),
        reverse("claims:dashboard"),
    ):
        page = editor_client.get(url).content.decode()
        assert SCRIPT not in page, url
        assert "<b>14</b>" not in page, url
    detail = editor_client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    review = editor_client.get(reverse("claims:review", args=[claim.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in review
