"""How many independent origins report a fact: copies of one wire story count once, however many outlets ran it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from articles.models import Article
from claims.models import Evidence


@dataclass(frozen=True, slots=True)
class Corroboration:
    articles: int  # reports of the fact, the claim's own article included
    origins: int  # independent origins among them

    @property
    def copies(self) -> int:
        return self.articles - self.origins


def corroboration(article: Article, evidence: Iterable[Evidence]) -> Corroboration:
    """Count the supporting reports among `evidence` (suggested or accepted, never rejected) plus `article` itself.

    `evidence` must have `passage__article` loaded; external evidence is not an article and is not counted here.
    """
    articles = {article.pk: article.origin_id}
    for item in evidence:
        if item.stance != Evidence.Stance.SUPPORTS or item.state == Evidence.State.REJECTED or item.passage is None:
            continue
        reporting = item.passage.article
        articles[reporting.pk] = reporting.origin_id
    return Corroboration(articles=len(articles), origins=len(set(articles.values())))
