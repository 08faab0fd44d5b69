"""Full-text search shared by the web search page and the API: one expression per table, matching its GIN index."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

Rows = TypeVar("Rows", bound=QuerySet[Any])

# These repeat the index expressions of migration claims/0003 exactly, so the planner can use the indexes.
ARTICLE_TSVECTOR = 'to_tsvector(\'english\', "articles_article"."title" || \' \' || "articles_article"."body")'
CLAIM_TSVECTOR = 'to_tsvector(\'english\', "claims_claim"."text" || \' \' || "claims_claim"."rationale")'
MAX_FALLBACK_WORDS = 10


def text_matches(queryset: Rows, query: str, *, tsvector: str, fields: tuple[str, ...]) -> Rows:
    """Rows matching a web-search style query: full-text on PostgreSQL, every word as a substring elsewhere."""
    if connection.vendor == "postgresql":
        matches = RawSQL(f"{tsvector} @@ websearch_to_tsquery('english', %s)", [query], output_field=BooleanField())
        return queryset.filter(matches)
    for word in re.findall(r"\w+", query)[:MAX_FALLBACK_WORDS]:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(any_field)
    return queryset


def text_rank(query: str, *, tsvector: str) -> RawSQL | None:
    """A relevance score to order matches by, where the database can compute one."""
    if connection.vendor != "postgresql":
        return None
    return RawSQL(f"ts_rank({tsvector}, websearch_to_tsquery('english', %s))", [query], output_field=FloatField())
