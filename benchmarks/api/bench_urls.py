"""The project's URLs plus three baselines served by the same gunicorn in the same run:

- /bench/old-claims/: the feed as it was before the fast path (ClaimSerializer for the page, ETag over a second
  json.dumps of the data), same auth, throttle, pagination and request log;
- /bench/flushed-log-claims/: the shipped feed, but its request-log line committed as before 2026-12-01 (an
  autocommit INSERT that waits for the WAL flush), so the log's share of a request is measured in the same run;
- /bench/bare-claims/: a bare JsonResponse of the same page's JSON value, built once at start-up: no auth, no
  queries, no DRF; the cost of Django plus encoding the same JSON.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, JsonResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.urls import urlpatterns as project_urlpatterns
from partners.api.claims import ClaimViewSet
from partners.authentication import PartnerPrincipal
from partners.models import ApiRequestLog

_PAGE: dict[str, Any] | None = None


class OldClaimViewSet(ClaimViewSet):
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        from claims.api.serializers import last_feed_change

        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset) or []
        self.note_last_modified(last_feed_change(), *(claim.updated_at for claim in page))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _conditional(self, request: Request, response: Any) -> Any:
        if isinstance(response, Response) and response.status_code == 200:
            fingerprint = json.dumps(response.data, sort_keys=True, cls=DjangoJSONEncoder)
            response["ETag"] = '"' + hashlib.sha256(fingerprint.encode()).hexdigest()[:40] + '"'
        return response


class FlushedLogClaimViewSet(ClaimViewSet):
    def _record_request(self, request: Request, user: PartnerPrincipal, status_code: int) -> None:
        ApiRequestLog.objects.create(
            partner_id=user.api_key.partner_id,
            key_prefix=user.api_key.prefix,
            method=(request.method or "")[:10],
            path=request.get_full_path()[:2000],
            status_code=status_code,
        )


def bare_claims(request: HttpRequest) -> JsonResponse:
    global _PAGE
    if _PAGE is None:
        from claims.api.serializers import ClaimSerializer, claims_for_api
        from claims.models import Claim

        page = list(claims_for_api(Claim.objects.published()).order_by("-published_at", "-id")[:50])
        _PAGE = {"next": None, "previous": None, "results": ClaimSerializer(page, many=True).data}
    return JsonResponse(_PAGE)


urlpatterns = [
    path("bench/old-claims/", OldClaimViewSet.as_view({"get": "list"})),
    path("bench/flushed-log-claims/", FlushedLogClaimViewSet.as_view({"get": "list"})),
    path("bench/bare-claims/", bare_claims),
    *project_urlpatterns,
]
