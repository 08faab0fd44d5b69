"""Public fact-check pages (/fact-checks/<id>/): what a published verdict says, for readers, search engines and caches.

No sign-in, no cookies, no session: the page is the same for everyone, so it is cacheable (`Cache-Control: public`)
and answers a conditional GET with 304 (ETag over the rendered page, Last-Modified from the claim). Its address is
ClaimReview's `url`, and it embeds that ClaimReview (escaped so no claim text can end the script element). A verdict
that was never published, or went back to the desk, is 404; a withdrawn one is 410 Gone.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from claims.api.claimreview import claim_review, review_url
from claims.models import Claim, Evidence, ReviewState
from claims.rating import rating_scale
from factcheck.api.renderers import json_for_embedding


def public_claims() -> Any:
    return (
        Claim.objects.filter(review_state__in=[ReviewState.PUBLISHED, ReviewState.WITHDRAWN])
        .select_related("article__source")
        .defer("article__body", "article__original_bytes", "article__embedding")
    )


def fact_check_context(claim: Claim, *, published_at: datetime | None = None) -> dict[str, Any]:
    """What the public page shows, and the JSON-LD it embeds; the publish preview renders the same."""
    review = claim_review(claim, published_at=published_at)
    evidence = (
        claim.evidence.filter(state=Evidence.State.ACCEPTED)
        .select_related("passage__article__source")
        .defer("passage__embedding", "passage__article__body", "passage__article__original_bytes")
        .defer("passage__article__embedding")
        .order_by("stance", "pk")
    )
    return {
        "claim": claim,
        "article": claim.article,
        "review": review,
        "rating": rating_scale().for_verdict(claim.verdict),
        "scale": rating_scale(),
        "json_ld": json_for_embedding(review, ensure_ascii=False, indent=2),
        "evidence": list(evidence),
        "publisher_name": settings.FACTCHECK_PUBLISHER_NAME,
        "publisher_url": settings.FACTCHECK_PUBLISHER_URL,
        "canonical_url": review_url(claim),
        "published_on": (claim.published_at or published_at),
    }


def _cacheable(request: HttpRequest, html: str, *, status: int, last_modified: datetime) -> HttpResponse:
    etag = '"' + hashlib.sha256(html.encode()).hexdigest()[:32] + '"'
    modified = int(last_modified.timestamp())
    response = HttpResponse(html, status=status)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = f"public, max-age={settings.FACTCHECK_PUBLIC_PAGE_MAX_AGE}"
    if status != 200:
        return response
    # 304 with the same validators when the reader's copy is current (If-None-Match first, else If-Modified-Since).
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response) or response


@require_safe
def fact_check(request: HttpRequest, pk: int) -> HttpResponse:
    claim = public_claims().filter(pk=pk).first()
    if claim is None:
        raise Http404("No published fact-check has this number.")
    if claim.review_state == ReviewState.WITHDRAWN:
        html = render_to_string("claims/public/withdrawn.html", {"claim": claim, **_publisher()})
        return _cacheable(request, html, status=410, last_modified=claim.updated_at)
    # Rendered without the request: no CSRF token, no user, no session, so nothing varies between readers.
    html = render_to_string("claims/public/fact_check.html", fact_check_context(claim))
    return _cacheable(request, html, status=200, last_modified=claim.updated_at)


def _publisher() -> dict[str, str]:
    return {"publisher_name": settings.FACTCHECK_PUBLISHER_NAME, "publisher_url": settings.FACTCHECK_PUBLISHER_URL}
