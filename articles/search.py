"""Full-text search shared by the web search page and the API: one expression per table, matching its GIN index."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

Rows = TypeVar("Rows", bound=QuerySet[Any])

# These repeat the index expressions of migration claims/0003 exactly, so the planner can use the indexes.
ARTICLE_TSVECTOR = 'to_tsvector(\'english\', "articles_article"."title" || \' \' || "articles_article"."body")'
CLAIM_TSVECTOR = 'to_tsvector(\'english\', "claims_claim"."text" || \' \' || "claims_claim"."rationale")'
MAX_FALLBACK_WORDS = 10


# One term of a web-search style query: an optional minus, then a "quoted phrase" or a bare word.
_TERM = re.compile(r'(?:^|(?<=\s))(-?)"([^"]*)"?|(-?)([^\s"]+)')


@dataclass(frozen=True, slots=True)
class SearchTerm:
    negated: bool
    parts: tuple[str, ...]  # substrings that must all appear: a phrase whole, a bare token's words each


def search_terms(query: str) -> list[list[SearchTerm]]:
    """The query read as PostgreSQL's websearch_to_tsquery reads it: alternatives (split on `or`) of terms.

    `bridge -2025` is one alternative, "bridge" and not "2025"; `a b or c` is [a, b] or [c]. At most
    MAX_FALLBACK_WORDS terms are kept, so a pasted paragraph cannot build an unbounded query.
    """
    alternatives: list[list[SearchTerm]] = [[]]
    kept = 0
    for match in _TERM.finditer(query):
        phrase_minus, phrase, word_minus, word = match.groups()
        if word is not None and word.lower() == "or" and not word_minus:
            if alternatives[-1]:
                alternatives.append([])
            continue
        if phrase is not None:
            words = re.findall(r"\w+", phrase)
            term = SearchTerm(bool(phrase_minus), (" ".join(words),) if words else ())
        else:
            term = SearchTerm(bool(word_minus), tuple(re.findall(r"\w+", word)))
        if term.parts and kept < MAX_FALLBACK_WORDS:
            alternatives[-1].append(term)
            kept += 1
    return [terms for terms in alternatives if terms]


def _substring_condition(query: str, fields: tuple[str, ...]) -> Q | None:
    """Per alternative: every plain term in some field and no minus term in any; None for a query without words."""
    condition: Q | None = None
    for terms in search_terms(query):
        every = Q()
        for term in terms:
            in_some_field = Q()
            for field in fields:
                in_field = Q()
                for part in term.parts:
                    in_field &= Q(**{f"{field}__icontains": part})
                in_some_field |= in_field
            every &= ~in_some_field if term.negated else in_some_field
        condition = every if condition is None else condition | every
    return condition


def text_matches(queryset: Rows, query: str, *, tsvector: str, fields: tuple[str, ...]) -> Rows:
    """Rows matching a web-search style query: full-text on PostgreSQL, words as substrings elsewhere.

    Both read the query the same way: words must all appear, `-word` (or `-"a phrase"`) must not, `or` separates
    alternatives.
    """
    if connection.vendor == "postgresql":
        matches = RawSQL(f"{tsvector} @@ websearch_to_tsquery('english', %s)", [query], output_field=BooleanField())
        return queryset.filter(matches)
    return substring_matches(queryset, query, fields=fields)


def substring_matches(queryset: Rows, query: str, *, fields: tuple[str, ...]) -> Rows:
    """The fallback where there is no full-text search (SQLite): the query's terms as case-blind substrings."""
    condition = _substring_condition(query, fields)
    return queryset if condition is None else queryset.filter(condition)


def text_rank(query: str, *, tsvector: str) -> RawSQL | None:
    """A relevance score to order matches by, where the database can compute one."""
    if connection.vendor != "postgresql":
        return None
    return RawSQL(f"ts_rank({tsvector}, websearch_to_tsquery('english', %s))", [query], output_field=FloatField())
