"""The published-claim JSON as plain functions over the rows `claims_for_api` loads: what `ClaimSerializer` produces.

The partner feed serves 50 claims a page, each with evidence, outlets and a ClaimReview; walking DRF's field
machinery for every value cost most of a request (benchmarks/api/RESULTS). These functions build the same dicts,
key for key and value for value, formatting dates with DRF's own field instances so the text cannot drift.
`ClaimSerializer` stays the schema's and the detail view's source of truth; tests/api/test_claims_fast_path.py
checks that both give byte-identical JSON, so a field added to one and not the other fails there.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework import serializers

from articles.models import Article, Source
from claims.api.claimreview import claim_review, review_url
from claims.api.serializers import _accepted
from claims.models import Claim, Evidence
from claims.selectors import independent_origin_count

_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


def _api_root() -> str:
    return f"{settings.FACTCHECK_SITE_URL.rstrip('/')}/api/v1/"


def _choice(value: Any) -> Any:
    # ChoiceField: blank and null pass through, a choice becomes its plain string value.
    return value if value in ("", None) else str(value)


def _date(value: Any) -> Any:
    return None if value is None else _DATE.to_representation(value)


def _datetime(value: Any, zone: Any = None) -> Any:
    """DRF's ISO 8601 text: in the current time zone, `Z` for UTC; DRF looks the zone up per value, we once."""
    if value is None:
        return None
    if zone is None or timezone.is_naive(value):
        return _DATETIME.to_representation(value)
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _current_zone() -> Any:
    return timezone.get_current_timezone() if settings.USE_TZ else None


def outlet_payload(source: Source, root: str) -> dict[str, Any]:
    return {
        "id": int(source.pk),
        "name": str(source.name),
        "domain": str(source.domain),
        "kind": _choice(source.kind),
        "api_url": f"{root}outlets/{source.pk}/",
    }


def article_payload(article: Article, root: str, outlets: dict[int, dict[str, Any]]) -> dict[str, Any]:
    outlet = outlets.get(article.source_id)
    if outlet is None:
        outlet = outlets[article.source_id] = outlet_payload(article.source, root)
    return {
        "id": int(article.pk),
        "title": str(article.title),
        "url": str(article.url),
        "published_on": _date(article.published_on),
        "outlet": dict(outlet),
        "api_url": f"{root}articles/{article.pk}/",
    }


def evidence_payload(evidence: Evidence, root: str, outlets: dict[int, dict[str, Any]]) -> dict[str, Any]:
    passage = evidence.passage
    return {
        "id": int(evidence.pk),
        "stance": _choice(evidence.stance),
        "kind": "passage" if evidence.passage_id else "external",
        "text": str(passage.text if passage is not None else evidence.excerpt),
        "url": str(passage.article.url if passage is not None else evidence.external_url),
        "article": None if passage is None else article_payload(passage.article, root, outlets),
        "note": str(evidence.note),
        "same_origin": bool(evidence.same_origin),
    }


def claim_payload(
    claim: Claim,
    *,
    root: str | None = None,
    outlets: dict[int, dict[str, Any]] | None = None,
    zone: Any = None,
) -> dict[str, Any]:
    """One claim as `ClaimSerializer(claim).data` gives it."""
    root = _api_root() if root is None else root
    outlets = {} if outlets is None else outlets
    zone = _current_zone() if zone is None else zone
    article = article_payload(claim.article, root, outlets)
    return {
        "id": int(claim.pk),
        "api_url": f"{root}claims/{claim.pk}/",
        "text": str(claim.text),
        "claim_type": str(claim.claim_type),
        "speaker": str(claim.speaker),
        "event_date": _date(claim.event_date),
        "event_date_precision": _choice(claim.event_date_precision),
        "group_id": None if claim.group_id is None else int(claim.group_id),
        "verdict": _choice(claim.verdict),
        "verdict_label": str(claim.get_verdict_display()),
        "rationale": str(claim.rationale),
        "evidence": [evidence_payload(evidence, root, outlets) for evidence in _accepted(claim)],
        "independent_origins": independent_origin_count(claim=claim),
        "article": article,
        "outlet": dict(article["outlet"]),
        "published_at": _datetime(claim.published_at, zone),
        "updated_at": _datetime(claim.updated_at, zone),
        "version": int(claim.version),
        "review_url": review_url(claim),
        "claim_review": claim_review(claim),
    }


def claims_payload(claims: list[Claim]) -> list[dict[str, Any]]:
    """A page of claims as `ClaimSerializer(claims, many=True).data` gives it, outlets formatted once each."""
    root, zone = _api_root(), _current_zone()
    outlets: dict[int, dict[str, Any]] = {}
    return [claim_payload(claim, root=root, outlets=outlets, zone=zone) for claim in claims]
