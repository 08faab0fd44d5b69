"""What the desk's exports contain: the columns of a claim and of a piece of evidence, and the rows' queries.

The streaming and the CSV-injection rule are `factcheck.exports`; the pages choose the rows with their own filters.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from claims.models import Claim, Evidence
from factcheck.exports import Column


def _username(user: Any) -> str:
    return user.get_username() if user is not None else ""


CLAIM_COLUMNS: tuple[Column, ...] = (
    Column("id", lambda c: c.pk),
    Column("text", lambda c: c.text),
    Column("speaker", lambda c: c.speaker),
    Column("event_date", lambda c: c.event_date),
    Column("group_id", lambda c: c.group_id),
    Column("claim_type", lambda c: c.claim_type),
    Column("score", lambda c: round(c.score, 4)),
    Column("review_state", lambda c: c.review_state),
    Column("verdict", lambda c: c.verdict),
    Column("rationale", lambda c: c.rationale),
    Column("assigned_to", lambda c: _username(c.assigned_to)),
    Column("reviewed_by", lambda c: _username(c.reviewed_by)),
    Column("reviewed_at", lambda c: c.reviewed_at),
    Column("published_at", lambda c: c.published_at),
    Column("version", lambda c: c.version),
    Column("article_id", lambda c: c.article_id),
    Column("article_title", lambda c: c.article.title),
    Column("article_url", lambda c: c.article.url),
    Column("article_published_on", lambda c: c.article.published_on),
    Column("outlet", lambda c: c.article.source.domain),
)


def claims_for_export(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    return queryset.select_related("article__source", "assigned_to", "reviewed_by").defer(
        "article__body", "article__original_bytes", "article__embedding", "signals"
    )


def _evidence_text(evidence: Evidence) -> str:
    """What the evidence says: the other outlet's passage, or the quoted excerpt of an external source."""
    if evidence.passage is not None:
        return evidence.passage.text
    return evidence.excerpt


EVIDENCE_COLUMNS: tuple[Column, ...] = (
    Column("id", lambda e: e.pk),
    Column("claim_id", lambda e: e.claim_id),
    Column("claim_text", lambda e: e.claim.text),
    Column("stance", lambda e: e.stance),
    Column("state", lambda e: e.state),
    Column("origin", lambda e: e.origin),
    Column("confidence", lambda e: None if e.score is None else round(e.score, 4)),
    Column("excerpt", _evidence_text),
    Column("source", lambda e: e.passage.article.source.domain if e.passage is not None else e.external_url),
    Column("source_title", lambda e: e.passage.article.title if e.passage is not None else ""),
    Column("source_url", lambda e: e.passage.article.url if e.passage is not None else e.external_url),
    Column("same_origin", lambda e: e.same_origin),
    Column("note", lambda e: e.note),
    Column("decided_by", lambda e: _username(e.decided_by)),
    Column("decided_at", lambda e: e.decided_at),
    Column("created_at", lambda e: e.created_at),
)


def evidence_for_export(queryset: QuerySet[Evidence]) -> QuerySet[Evidence]:
    return queryset.select_related("claim", "passage__article__source", "decided_by").defer(
        "passage__embedding",
        "passage__article__body",
        "passage__article__original_bytes",
        "passage__article__embedding",
        "claim__signals",
    )


ARTICLE_COLUMNS: tuple[Column, ...] = (
    Column("id", lambda a: a.pk),
    Column("title", lambda a: a.title),
    Column("outlet", lambda a: a.source.domain),
    Column("url", lambda a: a.url),
    Column("published_on", lambda a: a.published_on),
    Column("status", lambda a: a.status),
    Column("created_at", lambda a: a.created_at),
)
