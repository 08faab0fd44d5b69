"""Reads of outlets and articles that more than one page or door uses."""

from __future__ import annotations

from django.db.models import Q

from articles.models import Article


def same_origin_group(*, article: Article) -> list[Article]:
    """The other articles sharing `article`'s origin: the report it copies and every copy of it, oldest first."""
    origin = article.origin_id
    return list(
        Article.objects.without_payload()
        .defer("body", "embedding")
        .select_related("source")
        .filter(Q(pk=origin) | Q(same_origin_as_id=origin))
        .exclude(pk=article.pk)
        .order_by("published_on", "created_at")
    )
