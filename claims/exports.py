"""What the desk's exports contain: the columns of a claim and of a piece of evidence, and the rows' queries.

The streaming and the CSV-injection rule are `factcheck.exports`; the pages choose the rows with their own filters.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from django.db.models import QuerySet

from claims.models import Claim, Evidence
from factcheck.exports import Column


def _value(path: str, name: str | None = None) -> Column:
    """A column read straight from a `values()` row: no model instances, so a large export stays cheap."""
    return Column(name or path, itemgetter(path))


def _rounded(path: str, name: str) -> Column:
    return Column(name, lambda row: None if row[path] is None else round(row[path], 4))


CLAIM_COLUMNS: tuple[Column, ...] = (
    _value("id"),
    _value("text"),
    _value("speaker"),
    _value("event_date"),
    _value("group_id"),
    _value("claim_type"),
    _rounded("score", "score"),
    _value("review_state"),
    _value("verdict"),
    _value("rationale"),
    _value("assigned_to__username", "assigned_to"),
    _value("reviewed_by__username", "reviewed_by"),
    _value("reviewed_at"),
    _value("published_at"),
    _value("version"),
    _value("article_id"),
    _value("article__title", "article_title"),
    _value("article__url", "article_url"),
    _value("article__published_on", "article_published_on"),
    _value("article__source__domain", "outlet"),
)


CLAIM_PATHS = (
    "id",
    "text",
    "speaker",
    "event_date",
    "group_id",
    "claim_type",
    "score",
    "review_state",
    "verdict",
    "rationale",
    "assigned_to__username",
    "reviewed_by__username",
    "reviewed_at",
    "published_at",
    "version",
    "article_id",
    "article__title",
    "article__url",
    "article__published_on",
    "article__source__domain",
)


def claims_for_export(queryset: QuerySet[Claim]) -> QuerySet[Any]:
    """The claims of `queryset`, in its order, as the rows CLAIM_COLUMNS read."""
    return queryset.values(*CLAIM_PATHS)


def _evidence_text(row: dict[str, Any]) -> str:
    """What the evidence says: the other outlet's passage, or the quoted excerpt of an external source."""
    return row["passage__text"] if row["passage_id"] is not None else row["excerpt"]


def _from_passage(path: str, fallback: str) -> Any:
    return lambda row: row[path] if row["passage_id"] is not None else row[fallback]


EVIDENCE_COLUMNS: tuple[Column, ...] = (
    _value("id"),
    _value("claim_id"),
    _value("claim__text", "claim_text"),
    _value("stance"),
    _value("state"),
    _value("origin"),
    _rounded("score", "confidence"),
    Column("excerpt", _evidence_text),
    Column("source", _from_passage("passage__article__source__domain", "external_url")),
    Column("source_title", lambda row: row["passage__article__title"] if row["passage_id"] is not None else ""),
    Column("source_url", _from_passage("passage__article__url", "external_url")),
    _value("same_origin"),
    _value("note"),
    _value("decided_by__username", "decided_by"),
    _value("decided_at"),
    _value("created_at"),
)
EVIDENCE_PATHS = (
    "id",
    "claim_id",
    "claim__text",
    "stance",
    "state",
    "origin",
    "score",
    "passage_id",
    "passage__text",
    "excerpt",
    "external_url",
    "passage__article__source__domain",
    "passage__article__title",
    "passage__article__url",
    "same_origin",
    "note",
    "decided_by__username",
    "decided_at",
    "created_at",
)


def evidence_for_export(queryset: QuerySet[Evidence]) -> QuerySet[Any]:
    """The evidence of `queryset`, in its order, as the rows EVIDENCE_COLUMNS read."""
    return queryset.values(*EVIDENCE_PATHS)


ARTICLE_COLUMNS: tuple[Column, ...] = (
    _value("id"),
    _value("title"),
    _value("source__domain", "outlet"),
    _value("url"),
    _value("published_on"),
    _value("status"),
    _value("created_at"),
)
ARTICLE_PATHS = ("id", "title", "source__domain", "url", "published_on", "status", "created_at")


def articles_for_export(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.values(*ARTICLE_PATHS)
