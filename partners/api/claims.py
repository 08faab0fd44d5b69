"""Published claims for partners: list, detail, and the embeddable ClaimReview JSON-LD."""

from __future__ import annotations

import builtins
from typing import Any, ClassVar, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import renderers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.claimreview import CLAIM_REVIEW_EXAMPLE, CLAIM_REVIEW_SCHEMA, claim_review
from claims.api.fast import (
    FeedContext,
    claim_rows,
    evidence_rows,
    feed_payload,
    page_etag,
    published_claim_rows,
    take_feed_changed,
)
from claims.api.filters import ClaimFilterSerializer, claims_filter
from claims.api.serializers import ClaimSerializer, claims_for_api
from claims.models import Claim, ClaimQuerySet
from factcheck.api.conditional import conditional_response, is_fresh, not_modified
from factcheck.api.errors import BAD_FILTER, COMMON_ERRORS, NOT_FOUND, NOT_MODIFIED
from factcheck.api.page_cache import store_page_when_rendered, stored_page
from factcheck.api.pagination import NewestFirstCursorPagination
from factcheck.api.renderers import JSONLDRenderer
from partners.api.base import PartnerAPIMixin
from partners.models import Scope

FILTER_PARAMETERS = frozenset(ClaimFilterSerializer().fields)

# The page cache's namespace for the feed's JSON pages (keyed by their row-computed ETag).
FEED_PAGES = "partners.claims.list"


class PublishedCursorPagination(NewestFirstCursorPagination):
    ordering = ("-published_at", "-id")


CLAIM_EXAMPLE = {
    "id": 42,
    "api_url": "https://desk.example.org/api/v1/claims/42/",
    "text": "The flood killed 14 people in Riverton on Friday.",
    "claim_type": "quantity",
    "speaker": "",
    "event_date": "2025-03-14",
    "event_date_precision": "day",
    "group_id": None,
    "verdict": "disputed",
    "verdict_label": "Disputed",
    "rationale": "The regional authority's final count is 12.",
    "evidence": [
        {
            "id": 7,
            "stance": "contradicts",
            "kind": "passage",
            "text": "Twelve people died in the flood, the regional authority said.",
            "url": "https://wire.example/riverton-flood",
            "article": {
                "id": 3,
                "title": "Riverton flood toll rises",
                "url": "https://wire.example/riverton-flood",
                "published_on": "2025-03-07",
                "outlet": {
                    "id": 2,
                    "name": "Example Wire",
                    "domain": "wire.example",
                    "kind": "wire",
                    "api_url": "https://desk.example.org/api/v1/outlets/2/",
                },
                "api_url": "https://desk.example.org/api/v1/articles/3/",
            },
            "note": "",
            "same_origin": False,
        }
    ],
    "independent_origins": 1,
    "article": {
        "id": 5,
        "title": "Flood hits Riverton",
        "url": "https://daily.example/flood",
        "published_on": "2025-03-07",
        "outlet": {
            "id": 1,
            "name": "The Daily Example",
            "domain": "daily.example",
            "kind": "newspaper",
            "api_url": "https://desk.example.org/api/v1/outlets/1/",
        },
        "api_url": "https://desk.example.org/api/v1/articles/5/",
    },
    "outlet": {
        "id": 1,
        "name": "The Daily Example",
        "domain": "daily.example",
        "kind": "newspaper",
        "api_url": "https://desk.example.org/api/v1/outlets/1/",
    },
    "published_at": "2025-03-08T10:15:00Z",
    "updated_at": "2025-03-08T10:15:00Z",
    "version": 3,
    "review_url": "https://factcheck.example.org/fact-checks/42/",
    "claim_review": CLAIM_REVIEW_EXAMPLE,
}


@extend_schema_view(
    list=extend_schema(
        summary="List published verdicts",
        description=(
            "Published claims, newest publication first, with cursor pagination (`cursor`, `page_size` ≤ 200). "
            "Draft, unpublished and withdrawn verdicts never appear. Send `If-None-Match` with a previous `ETag` "
            "(or `If-Modified-Since`) to get `304 Not Modified` when nothing changed. Scope: `verdicts:read`."
        ),
        parameters=[ClaimFilterSerializer],
        responses={
            200: ClaimSerializer(many=True),
            304: NOT_MODIFIED,
            400: BAD_FILTER,
            **COMMON_ERRORS,
        },
    ),
    retrieve=extend_schema(
        summary="One published verdict",
        description="A published claim with its verdict, evidence and ClaimReview. Scope: `verdicts:read`.",
        responses={
            200: OpenApiResponse(ClaimSerializer, examples=[OpenApiExample("A disputed claim", value=CLAIM_EXAMPLE)]),
            304: NOT_MODIFIED,
            404: NOT_FOUND,
            **COMMON_ERRORS,
        },
    ),
)
class ClaimViewSet(PartnerAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ClaimSerializer
    pagination_class = PublishedCursorPagination
    lookup_value_regex = r"\d+"
    required_scopes: ClassVar[dict[str, str]] = {
        "list": Scope.VERDICTS_READ,
        "retrieve": Scope.VERDICTS_READ,
        "jsonld": Scope.VERDICTS_READ,
    }

    # The list's ETag when it was computed from the page's rows before the body was built (JSON only).
    page_etag: str | None = None

    def get_queryset(self) -> ClaimQuerySet:
        # Partners and desk users alike see the published feed only (the list's rows too: `published_claim_rows`).
        return claims_for_api(Claim.objects.published())

    def filters_requested(self) -> bool:
        return self.action == "list" and not FILTER_PARAMETERS.isdisjoint(self.request.query_params)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.filters_requested():
            # Without a filter there is nothing to validate: most requests (a partner polling the newest page) skip
            # building the filter serializer (4 % of a profiled feed request, benchmarks/api/profile_api.py).
            return queryset
        params = ClaimFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return claims_filter(cast(ClaimQuerySet, queryset), params.validated_data)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        # Rows, not models: ClaimSerializer's JSON, byte for byte, from two queries (claims.api.fast).
        if self.filters_requested():
            row_query = claim_rows(cast(ClaimQuerySet, self.filter_queryset(Claim.objects.published())))
        else:
            row_query = published_claim_rows()
        rows = self.paginate_queryset(row_query) or []
        self.note_last_modified(take_feed_changed(rows), *(row["updated_at"] for row in rows))
        claim_ids = [row["id"] for row in rows]
        context = FeedContext.current()
        if request.accepted_renderer.format == "json":
            # The browsable API's HTML carries more than the data, so only JSON gets an ETag from the rows; the
            # answer is 304 before the evidence is read or any JSON built.
            paginator = cast(PublishedCursorPagination, self.paginator)
            self.page_etag = page_etag(
                rows=rows,
                links=(paginator.get_next_link(), paginator.get_previous_link()),
                media_type=str(request.accepted_media_type),
                context=context,
            )
            if is_fresh(request, etag=self.page_etag, last_modified=self.last_modified):
                return not_modified(etag=self.page_etag, last_modified=self.last_modified)
            # The ETag covers everything the bytes depend on, so bytes rendered under it before are this page's
            # bytes: served without reading the evidence, building the payload or rendering it.
            stored = stored_page(FEED_PAGES, self.page_etag)
            if stored is not None:
                return stored
        response = self.get_paginated_response(feed_payload(rows, evidence_rows(claim_ids), context))
        if self.page_etag is not None:
            store_page_when_rendered(response, FEED_PAGES, self.page_etag)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        claim = self.get_object()
        self.note_last_modified(claim.updated_at)
        return Response(self.get_serializer(claim).data)

    def _conditional(self, request: Request, response: Any) -> Any:
        return conditional_response(request, response, self.last_modified, etag=self.page_etag)

    def get_renderers(self) -> builtins.list[renderers.BaseRenderer]:
        if self.action == "jsonld":
            return [JSONLDRenderer()]
        return super().get_renderers()

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.action == "jsonld" and response.status_code >= 400:
            # An error is the API's JSON envelope, not a JSON-LD document, whichever URL it came from.
            response.content_type = "application/json"
        return response

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The embed endpoint answers JSON-LD whatever the Accept header says.
        return super().perform_content_negotiation(request, force=force or self.action == "jsonld")

    @extend_schema(
        summary="ClaimReview JSON-LD of a published verdict",
        description=(
            "The claim's schema.org ClaimReview as `application/ld+json`, ready to embed in a page inside "
            '`<script type="application/ld+json">`. Scope: `verdicts:read`.'
        ),
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                CLAIM_REVIEW_SCHEMA, examples=[OpenApiExample("ClaimReview", value=CLAIM_REVIEW_EXAMPLE)]
            ),
            (304, "application/ld+json"): NOT_MODIFIED,
            (404, "application/json"): NOT_FOUND,
            **{(status, "application/json"): response for status, response in COMMON_ERRORS.items()},
        },
    )
    def jsonld(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        claim = self.get_object()
        self.note_last_modified(claim.updated_at)
        return Response(claim_review(claim))
