"""The partner feed's page read as plain rows: `ClaimSerializer`'s JSON, byte for byte, and an ETag computed first.

The feed serves 50 claims a page, each with evidence, outlets and a ClaimReview. Building ~4,500 model instances
(claims, articles, outlets, evidence, passages and a corroboration prefetch) and walking DRF's field machinery cost
most of a request (benchmarks/RESULTS.md), so the list reads two `values()` queries instead:

- `claim_rows`: the page's claims with their article's and outlet's columns (the paginator runs it), each with an
  `evidence_digest`: an aggregate PostgreSQL computes over exactly the `EVIDENCE_COLUMNS` of the claim's evidence;
- `evidence_rows`: the page's accepted and corroborating evidence with its passage's, article's and outlet's columns.

Before the evidence is read, `page_etag` hashes the claim rows (digests included), the page's links and everything
else the bytes depend on (settings, time zone, media type, this code), so a fresh client gets its 304 from the one
query the paginator runs anyway, without the evidence being fetched or any payload built. The payload functions
read nothing but those rows and `FeedContext`, which is what makes the ETag complete: a column they start reading
must be added to `CLAIM_COLUMNS` or `EVIDENCE_COLUMNS`, and is then hashed too.

`ClaimSerializer` stays the schema's and the detail view's source of truth; tests/api/test_claims_fast_path.py
checks that both give byte-identical JSON, so a field added to one and not the other fails there.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import django
import rest_framework
from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    DateTimeField,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import MD5
from django.utils import timezone
from rest_framework import serializers
from rest_framework.settings import api_settings

from claims.api.claimreview import claim_review_document, review_url_for
from claims.api.serializers import EVIDENCE_ORDER, feed_changes, last_feed_change
from claims.models import Claim, ClaimQuerySet, Evidence, Verdict
from claims.rating import RatingScale, rating_scale
from claims.selectors import CORROBORATING, count_origins

# Everything the payload reads about a claim, its article and its outlet.
CLAIM_COLUMNS = (
    "id",
    "text",
    "claim_type",
    "speaker",
    "speaker_role",
    "source_type",
    "event_date",
    "event_date_precision",
    "group_id",
    "verdict",
    "rationale",
    "review_state",
    "published_at",
    "updated_at",
    "version",
    "article__id",
    "article__title",
    "article__url",
    "article__published_on",
    "article__same_origin_as_id",
    "article__source__id",
    "article__source__name",
    "article__source__domain",
    "article__source__kind",
)

# Everything the payload reads about a piece of evidence, its passage, the passage's article and outlet. `score`
# is never shown but orders the list; `state` picks what is shown, and with `stance` what counts as corroboration.
EVIDENCE_COLUMNS = (
    "claim_id",
    "id",
    "state",
    "stance",
    "score",
    "passage_id",
    "excerpt",
    "external_url",
    "note",
    "same_origin",
    "passage__text",
    "passage__article__id",
    "passage__article__title",
    "passage__article__url",
    "passage__article__published_on",
    "passage__article__same_origin_as_id",
    "passage__article__source__id",
    "passage__article__source__name",
    "passage__article__source__domain",
    "passage__article__source__kind",
)

# The evidence a claim's JSON depends on: accepted evidence is shown, corroborating evidence is counted in
# `independent_origins` (for a published claim that is its accepted supporting evidence, but the rule is the
# selectors' own, not restated here).
FEED_EVIDENCE = Q(state=Evidence.State.ACCEPTED) | CORROBORATING

# Modules whose code shapes the page's bytes: a deploy that changes one changes every ETag, so a partner syncing
# with If-None-Match gets the new shape instead of 304s until each claim happens to change.
_PAYLOAD_MODULES = (
    "claims.api.fast",
    "claims.api.claimreview",
    "claims.api.serializers",
    "claims.rating",
    "claims.selectors",
    "claims.models",
    "engine.extraction.short_form",
    "engine.extraction.claimant",
    "engine.lexicon",
    "factcheck.api.renderers",
    "factcheck.api.pagination",
)

_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()
_ACCEPTED = Evidence.State.ACCEPTED.value
# The row key carrying `last_feed_change()` in the page query (taken off by `take_feed_changed`).
FEED_CHANGED = "feed_changed"


class _RowText(Func):
    """PostgreSQL's text form of a row: values quoted where needed and NULL distinct from '', so rows cannot blur."""

    template = "ROW(%(expressions)s)::text"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # SQLite (the embedded mode) has no row type: quote() writes each value as an SQL literal, NULL apart from ''.
        quoted = [Func(expression, function="quote") for expression in self.get_source_expressions()]
        joined = Func(*quoted, template="(%(expressions)s)", arg_joiner=" || '|' || ", output_field=TextField())
        return compiler.compile(joined)


class _GroupConcat(Aggregate):
    """SQLite's GROUP_CONCAT, for the embedded mode (Django 5.2's StringAgg is PostgreSQL's).

    SQLite 3.40 cannot order inside an aggregate, so the rows join in scan order: a different order only changes the
    digest (one needless 200), it never makes two different sets of rows look the same.
    """

    function = "GROUP_CONCAT"
    output_field = TextField()


@dataclass(frozen=True, slots=True)
class FeedContext:
    """What the page's bytes depend on besides its rows, read once a page."""

    api_root: str
    zone: Any
    scale: RatingScale
    # Read a page at a time, not at import, in case the labels are ever translated into the request's language.
    verdict_labels: dict[str, str]
    # What claim_review_document and review_url_for read from settings: listed so the ETag covers it.
    claim_review_settings: tuple[str, ...]
    # DRF's JSON renderer settings shape the bytes too (spacing, escaping, NaN handling). The renderer reads them at
    # import, so they change the bytes only after a restart: pages cached in Redis must not outlive that.
    json_settings: tuple[bool, bool, bool]

    @classmethod
    def current(cls) -> FeedContext:
        return cls(
            api_root=f"{settings.FACTCHECK_SITE_URL.rstrip('/')}/api/v1/",
            zone=timezone.get_current_timezone() if settings.USE_TZ else None,
            scale=rating_scale(),
            verdict_labels={value: str(label) for value, label in Verdict.choices},
            claim_review_settings=(
                settings.FACTCHECK_SITE_URL,
                settings.FACTCHECK_PARTNER_CLAIMREVIEW_URL_TEMPLATE,
                settings.FACTCHECK_PUBLISHER_NAME,
                settings.FACTCHECK_PUBLISHER_URL,
            ),
            json_settings=(api_settings.COMPACT_JSON, api_settings.UNICODE_JSON, api_settings.STRICT_JSON),
        )


# --- the queries ---------------------------------------------------------------------------------------------------


def claim_rows(queryset: ClaimQuerySet) -> QuerySet[Any]:
    """The claims of `queryset` as rows of `CLAIM_COLUMNS`, `evidence_digest` and `FEED_CHANGED`: what the paginator
    slices. Every row's `FEED_CHANGED` is the same value, `last_feed_change()`, read by the page's own query."""
    digest_sql, digest_params = _compiled_once("evidence_digest", connection.vendor)
    changed_sql, changed_params = _compiled_once(FEED_CHANGED, connection.vendor)
    return queryset.values(
        *CLAIM_COLUMNS,
        evidence_digest=RawSQL(digest_sql, digest_params, output_field=TextField()),
        **{FEED_CHANGED: RawSQL(changed_sql, changed_params, output_field=DateTimeField())},
    )


def published_claim_rows() -> QuerySet[Any]:
    """`claim_rows(Claim.objects.published())`, a fresh clone of a query built once a process (per database vendor).

    Most feed requests are a partner polling the newest page without filters; building this query (resolving the
    23 columns' joins) was a tenth of such a request (benchmarks/RESULTS.md, "Partner API"). The clone is
    unevaluated, so the paginator orders, filters and slices it as it would a new one."""
    return _published_claim_rows(connection.vendor).all()


@cache
def _published_claim_rows(vendor: str) -> QuerySet[Any]:
    return claim_rows(Claim.objects.published())


def take_feed_changed(rows: Sequence[dict[str, Any]]) -> datetime | None:
    """Remove `FEED_CHANGED` from the page's rows (it is no part of a page: the ETag must not change with it) and
    return it; `last_feed_change()` asked separately when the page has no rows to carry it."""
    stamps = {row.pop(FEED_CHANGED) for row in rows}
    return stamps.pop() if stamps else last_feed_change()


def _evidence_digest() -> Subquery:
    """Per claim, one aggregate over what `evidence_rows` returns for it: it changes whenever one of those rows would.

    A correlated subquery in the page's own query: PostgreSQL runs it for the rows the LIMIT keeps, and a 304 needs
    no second round trip. NULL for a claim without such evidence.
    """
    columns = [F(name) for name in EVIDENCE_COLUMNS]
    joined: Aggregate = (
        StringAgg(_RowText(*columns), delimiter=",", order_by="id")
        if connection.vendor == "postgresql"
        else _GroupConcat(_RowText(*columns))
    )
    digests = (
        Evidence.objects.filter(FEED_EVIDENCE, claim_id=OuterRef("pk"))
        .order_by()
        .values("claim_id")
        .annotate(digest=MD5(joined))
        .values("digest")
    )
    return Subquery(digests, output_field=TextField())


def _feed_changed() -> Subquery:
    """`last_feed_change()` as a subquery: not correlated, so PostgreSQL runs it once per page query."""
    return Subquery(feed_changes().order_by("-updated_at").values("updated_at")[:1], output_field=DateTimeField())


@cache
def _compiled_once(name: str, vendor: str) -> tuple[str, tuple[Any, ...]]:
    """The page query's `name` annotation as SQL, compiled once a process (per database vendor) from its ORM
    expression.

    Resolving and compiling the digest's subquery (five joins, twenty columns) took ~1 ms of every feed request, as
    much as the rest of the page query together, and the separate `last_feed_change()` query another ~0.5 ms
    (benchmarks/RESULTS.md, "Partner API"). The text is the ORM's own: the digest refers to the outer claim as the
    page query's base table, which is `claims_claim` however the feed is filtered (Django names a query's base
    table after itself and gives any further join of it an alias).
    """
    expression = {"evidence_digest": _evidence_digest, FEED_CHANGED: _feed_changed}[name]()
    outer = Claim.objects.annotate(**{name: expression}).query
    sql, params = outer.get_compiler(connection=connection).compile(outer.annotations[name])
    return sql, tuple(params)


def evidence_rows(claim_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The claims' evidence in display order, each row saying whether it counts as corroboration."""
    return list(
        Evidence.objects.filter(FEED_EVIDENCE, claim_id__in=claim_ids)
        .order_by(*EVIDENCE_ORDER)
        .values(*EVIDENCE_COLUMNS, corroborates=ExpressionWrapper(CORROBORATING, output_field=BooleanField()))
    )


# --- the ETag ------------------------------------------------------------------------------------------------------


@cache
def _code_digest() -> str:
    sources = hashlib.sha256(f"{django.__version__} {rest_framework.VERSION}".encode())
    for name in _PAYLOAD_MODULES:
        sources.update(Path(inspect.getfile(importlib.import_module(name))).read_bytes())
    return sources.hexdigest()


def page_etag(
    *,
    rows: Sequence[dict[str, Any]],
    links: tuple[str | None, str | None],
    media_type: str,
    context: FeedContext,
) -> str:
    """A strong ETag for the page's bytes, from the inputs of `feed_payload` rather than its output."""
    fingerprint = repr((_code_digest(), media_type, links, context, [tuple(row.values()) for row in rows]))
    return '"' + hashlib.sha256(fingerprint.encode()).hexdigest()[:40] + '"'


# --- the payload ---------------------------------------------------------------------------------------------------


def _datetime(value: Any, zone: Any) -> Any:
    """DRF's ISO 8601 text: in the current time zone, `Z` for UTC; DRF looks the zone up per value, we once."""
    if value is None:
        return None
    if zone is None or timezone.is_naive(value):
        return _DATETIME.to_representation(value)
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _date(value: Any) -> Any:
    return None if value is None else _DATE.to_representation(value)


def _choice(value: Any) -> Any:
    # ChoiceField: blank and null pass through, a choice becomes its plain string value.
    return value if value in ("", None) else str(value)


class _Outlets:
    """Outlet JSON, formatted once per outlet a page."""

    def __init__(self, api_root: str) -> None:
        self.api_root = api_root
        self.formatted: dict[int, dict[str, Any]] = {}

    def outlet(self, row: dict[str, Any], prefix: str) -> dict[str, Any]:
        """The outlet whose columns in `row` start with `prefix` (`article__source__`...)."""
        outlet_id = row[f"{prefix}id"]
        outlet = self.formatted.get(outlet_id)
        if outlet is None:
            outlet = self.formatted[outlet_id] = {
                "id": outlet_id,
                "name": row[f"{prefix}name"],
                "domain": row[f"{prefix}domain"],
                "kind": _choice(row[f"{prefix}kind"]),
                "api_url": f"{self.api_root}outlets/{outlet_id}/",
            }
        # A copy each time, as the serializer gives: no two places in the page share one dict.
        return dict(outlet)


def _article(row: dict[str, Any], prefix: str, outlets: _Outlets) -> dict[str, Any]:
    """`ArticleSummarySerializer` of the article whose columns in `row` start with `prefix` (`article__`...)."""
    article_id = row[f"{prefix}id"]
    return {
        "id": article_id,
        "title": row[f"{prefix}title"],
        "url": row[f"{prefix}url"],
        "published_on": _date(row[f"{prefix}published_on"]),
        "outlet": outlets.outlet(row, f"{prefix}source__"),
        "api_url": f"{outlets.api_root}articles/{article_id}/",
    }


def _evidence(row: dict[str, Any], outlets: _Outlets) -> dict[str, Any]:
    """`EvidenceSerializer` of one evidence row."""
    passage = row["passage_id"] is not None
    return {
        "id": row["id"],
        "stance": _choice(row["stance"]),
        "kind": "passage" if passage else "external",
        "text": row["passage__text"] if passage else row["excerpt"],
        "url": row["passage__article__url"] if passage else row["external_url"],
        "article": _article(row, "passage__article__", outlets) if passage else None,
        "note": row["note"],
        "same_origin": bool(row["same_origin"]),
    }


def _origin(article_id: int, same_origin_as_id: int | None) -> tuple[int, int]:
    # Article.origin_id: the report the article copies, or itself.
    return article_id, same_origin_as_id or article_id


def _independent_origins(row: dict[str, Any], evidence: Iterable[dict[str, Any]]) -> int:
    """`independent_origin_count`, by the selectors' counting, from rows the query already judged by its rule."""
    counted = [item for item in evidence if item["corroborates"]]
    return count_origins(
        article=_origin(row["article__id"], row["article__same_origin_as_id"]),
        reports=[
            _origin(item["passage__article__id"], item["passage__article__same_origin_as_id"])
            for item in counted
            if item["passage_id"] is not None
        ],
        external_urls=[item["external_url"] for item in counted if item["passage_id"] is None],
    ).origins


def claim_payload(
    row: dict[str, Any], evidence: Sequence[dict[str, Any]], context: FeedContext, outlets: _Outlets
) -> dict[str, Any]:
    """One claim row (`CLAIM_COLUMNS`) and its evidence rows as `ClaimSerializer(claim).data` gives it."""
    claim_id = row["id"]
    root = context.api_root
    article = _article(row, "article__", outlets)
    return {
        "id": claim_id,
        "api_url": f"{root}claims/{claim_id}/",
        "text": row["text"],
        "claim_type": row["claim_type"],
        "speaker": row["speaker"],
        "speaker_role": row["speaker_role"],
        "source_type": row["source_type"],
        "event_date": _date(row["event_date"]),
        "event_date_precision": _choice(row["event_date_precision"]),
        "group_id": row["group_id"],
        "verdict": _choice(row["verdict"]),
        "verdict_label": context.verdict_labels.get(row["verdict"], row["verdict"]),
        "rationale": row["rationale"],
        "evidence": [_evidence(item, outlets) for item in evidence if item["state"] == _ACCEPTED],
        "independent_origins": _independent_origins(row, evidence),
        "article": article,
        "outlet": dict(article["outlet"]),
        "published_at": _datetime(row["published_at"], context.zone),
        "updated_at": _datetime(row["updated_at"], context.zone),
        "version": row["version"],
        "review_url": review_url_for(claim_id),
        "claim_review": claim_review_document(
            claim_id=claim_id,
            text=row["text"],
            speaker=row["speaker"],
            speaker_role=row["speaker_role"],
            verdict=row["verdict"],
            rationale=row["rationale"],
            published_at=row["published_at"],
            article_id=row["article__id"],
            article_title=row["article__title"],
            article_url=row["article__url"],
            article_published_on=row["article__published_on"],
            outlet_name=row["article__source__name"],
            outlet_domain=row["article__source__domain"],
            scale=context.scale,
        ),
    }


def feed_payload(
    rows: Sequence[dict[str, Any]], evidence: Iterable[dict[str, Any]], context: FeedContext | None = None
) -> list[dict[str, Any]]:
    """A page of claim rows and their evidence rows as `ClaimSerializer(claims, many=True).data` gives it."""
    context = FeedContext.current() if context is None else context
    by_claim: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in evidence:
        by_claim[item["claim_id"]].append(item)
    outlets = _Outlets(context.api_root)
    return [claim_payload(row, by_claim[row["id"]], context, outlets) for row in rows]
