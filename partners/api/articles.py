"""Articles and outlets for partners, and article submission (scope `articles:submit`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.db.models import Count, Q, QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from articles.api.filters import ArticleFilterSerializer, OutletFilterSerializer, articles_filter, outlets_filter
from articles.api.serializers import (
    ArticleSerializer,
    ArticleStatusSerializer,
    ArticleSubmitSerializer,
    OutletSerializer,
)
from articles.models import Article, ArticleQuerySet, Source
from articles.services import DuplicateArticleError, IngestError, SourceInput, article_ingest
from claims.api.serializers import last_feed_change
from claims.models import ReviewState
from factcheck.api.errors import (
    BAD_FILTER,
    COMMON_ERRORS,
    ERROR_SCHEMA,
    NOT_FOUND,
    NOT_MODIFIED,
    UNSUPPORTED_MEDIA_TYPE,
    error_response,
)
from factcheck.api.links import api_url
from factcheck.api.pagination import NewestFirstCursorPagination
from factcheck.api.parsers import JSONParser
from partners import services as partner_services
from partners.api.base import PartnerAPIMixin
from partners.authentication import PartnerPrincipal, partner_of
from partners.models import Scope

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PUBLISHED_CLAIMS = Count("claims", filter=Q(claims__review_state=ReviewState.PUBLISHED), distinct=True)

STATUS_EXAMPLE = {
    "id": 17,
    "title": "Flood hits Riverton",
    "status": "queued",
    "stage": "waiting",
    "stage_label": "Waiting for a worker",
    "progress": 0,
    "error_message": "",
    "processed_at": None,
    "claim_count": 0,
    "published_claim_count": 0,
    "status_url": "https://desk.example.org/api/v1/articles/17/status/",
    "api_url": "https://desk.example.org/api/v1/articles/17/",
    "updated_at": "2025-03-08T10:15:00Z",
}

INGEST_ERRORS = OpenApiResponse(
    ERROR_SCHEMA,
    description=(
        "The upload was refused and nothing was stored. `code` is one of: `invalid` (bad fields, see `fields`), "
        "`no_input`, `empty`, `too_short`, `not_text`, `too_large`, `unsupported_type`, `binary`, `undecodable`, "
        "`no_main_text`, `corrupt`, `encrypted`, `no_text_layer`, `unpacked_too_large` (a compressed file unpacks to "
        "more than the limit, or at a bomb's ratio), `too_many_entries` (zip entries, PDF pages, HTML tags or XML "
        "elements over the limit), `text_too_long`, `no_source`, `bad_domain` (the outlet domain is not a host "
        "name), `bad_kind`, `bad_url`, `parse_error` (the body is not valid JSON or form data)."
    ),
    examples=[
        OpenApiExample("empty", value={"error": {"code": "empty", "message": "The pasted text contains no text."}}),
        OpenApiExample(
            "binary", value={"error": {"code": "binary", "message": "scan.bin is a binary file, not text."}}
        ),
        OpenApiExample(
            "no_source",
            value={
                "error": {
                    "code": "no_source",
                    "message": "The outlet needs a domain (e.g. example-news.com) or the article a URL.",
                }
            },
        ),
    ],
)
DUPLICATE = OpenApiResponse(
    ERROR_SCHEMA,
    description="The same text is already in the workbench; `existing` points to it",
    examples=[
        OpenApiExample(
            "duplicate",
            value={
                "error": {
                    "code": "duplicate",
                    "message": "This text is already in the workbench as article 12: “Flood hits Riverton”.",
                    "existing": {
                        "id": 12,
                        "api_url": "https://desk.example.org/api/v1/articles/12/",
                        "status_url": "https://desk.example.org/api/v1/articles/12/status/",
                    },
                }
            },
        )
    ],
)


@extend_schema_view(
    list=extend_schema(
        summary="List articles with published verdicts",
        description="Articles that carry at least one published verdict, newest first. Scope: `verdicts:read`.",
        parameters=[ArticleFilterSerializer],
        responses={200: ArticleSerializer(many=True), 304: NOT_MODIFIED, 400: BAD_FILTER, **COMMON_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One article with published verdicts",
        description="Scope: `verdicts:read`. Articles without a published verdict are not found.",
        responses={200: ArticleSerializer, 304: NOT_MODIFIED, 404: NOT_FOUND, **COMMON_ERRORS},
    ),
)
class ArticleViewSet(PartnerAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ArticleSerializer
    pagination_class = NewestFirstCursorPagination
    parser_classes = (JSONParser, parsers.MultiPartParser, parsers.FormParser)
    lookup_value_regex = r"\d+"
    required_scopes: ClassVar[dict[str, str]] = {
        "list": Scope.VERDICTS_READ,
        "retrieve": Scope.VERDICTS_READ,
        "create": Scope.ARTICLES_SUBMIT,
        "status": Scope.ARTICLES_SUBMIT,
    }
    desk_write_permissions: ClassVar[dict[str, str]] = {"create": "articles.add_article"}

    def get_queryset(self) -> QuerySet[Article]:
        articles = Article.objects.without_payload().defer("body", "embedding").select_related("source")
        if self.action == "status":
            # The submitting partner follows its article before anything on it is published.
            partner = partner_of(self.request)
            if partner is not None:
                articles = articles.filter(partner_submission__partner=partner)
            return articles.annotate(published_claim_count=PUBLISHED_CLAIMS, claim_count=Count("claims", distinct=True))
        return articles.annotate(published_claim_count=PUBLISHED_CLAIMS).filter(published_claim_count__gt=0)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        params = ArticleFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return articles_filter(cast(ArticleQuerySet, queryset), params.validated_data)

    def get_serializer_class(self) -> Any:
        if self.action == "status":
            return ArticleStatusSerializer
        if self.action == "create":
            return ArticleSubmitSerializer
        return ArticleSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        self.note_last_modified(last_feed_change(), *(article.updated_at for article in page))
        return self.get_paginated_response(ArticleSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        article = self.get_object()
        # Its published-verdict count changes with its claims, not with the article row.
        self.note_last_modified(article.updated_at, last_feed_change(article_id=article.pk))
        return Response(ArticleSerializer(article).data)

    @extend_schema(
        summary="Processing status of a submitted article",
        description=(
            "Visible to the partner that submitted the article (scope `articles:submit`), from submission on. "
            "Poll it until `status` is `done` or `failed`."
        ),
        responses={
            200: OpenApiResponse(ArticleStatusSerializer, examples=[OpenApiExample("queued", value=STATUS_EXAMPLE)]),
            304: NOT_MODIFIED,
            404: NOT_FOUND,
            **COMMON_ERRORS,
        },
    )
    @action(detail=True, methods=["get"])
    def status(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        article = self.get_object()
        self.note_last_modified(article.updated_at)
        return Response(ArticleStatusSerializer(article).data)

    @extend_schema(
        summary="Submit an article for analysis",
        description=(
            "Send the text as JSON (`text`) or a file as multipart/form-data (`file`), with the outlet "
            "(`source_domain`, or a `url` to take it from). The article goes through the same ingestion as the "
            "desk's upload form and is queued for analysis: follow `status_url`. Scope: `articles:submit`."
        ),
        request={
            "application/json": ArticleSubmitSerializer,
            "multipart/form-data": ArticleSubmitSerializer,
        },
        examples=[
            OpenApiExample(
                "Pasted text",
                request_only=True,
                value={
                    "text": "Flood hits Riverton. Fourteen people died when the river burst its banks on Friday.",
                    "title": "Flood hits Riverton",
                    "url": "https://daily.example/flood",
                    "source_name": "The Daily Example",
                    "source_domain": "daily.example",
                    "source_kind": "newspaper",
                },
            )
        ],
        responses={
            202: OpenApiResponse(
                ArticleStatusSerializer,
                description="Accepted and queued; `Location` is the status URL",
                examples=[OpenApiExample("queued", value=STATUS_EXAMPLE, response_only=True)],
            ),
            400: INGEST_ERRORS,
            409: DUPLICATE,
            413: error_response(
                "The request body is over the upload limit (`too_large`), or has too many files or fields "
                "(`too_many_files`, `too_many_fields`)",
                "too_large",
                "The request body is over the upload limit.",
            ),
            415: UNSUPPORTED_MEDIA_TYPE,
            **COMMON_ERRORS,
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if len(request.FILES.getlist("file")) > 1:
            # One article per request: silently keeping one of two files would lose the other.
            raise ValidationError({"file": ["Send one file per request."]})
        submission = ArticleSubmitSerializer(data=request.data)
        submission.is_valid(raise_exception=True)
        fields = submission.validated_data
        ingest: dict[str, Any] = {
            "source": SourceInput(
                name=fields["source_name"], domain=fields["source_domain"], kind=fields["source_kind"]
            ),
            "title": fields["title"],
            "byline": fields["byline"],
            "url": fields["url"],
            "published_on": fields["published_on"],
            "language": fields["language"],
        }
        if upload := fields.get("file"):
            ingest.update(filename=upload.name or "upload", data=upload.read())
        else:
            ingest["text"] = fields["text"]
        try:
            if isinstance(request.user, PartnerPrincipal):
                article = partner_services.partner_article_submit(api_key=request.user.api_key, **ingest)
            else:
                article = article_ingest(uploaded_by=cast("User", request.user), **ingest)
        except DuplicateArticleError as exc:
            existing = exc.existing.pk
            body = {
                "error": {
                    "code": exc.code,
                    "message": str(exc),
                    "existing": {
                        "id": existing,
                        "api_url": api_url(f"articles/{existing}/"),
                        "status_url": api_url(f"articles/{existing}/status/"),
                    },
                }
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        except IngestError as exc:
            # The documented 413 for a file over the byte limit; every other refusal is about the content.
            code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE if exc.code == "too_large" else status.HTTP_400_BAD_REQUEST
            return Response({"error": {"code": exc.code, "message": str(exc)}}, status=code)
        article = (
            Article.objects.without_payload()
            .annotate(published_claim_count=PUBLISHED_CLAIMS, claim_count=Count("claims", distinct=True))
            .get(pk=article.pk)
        )
        data = ArticleStatusSerializer(article).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["status_url"]})


class DomainCursorPagination(NewestFirstCursorPagination):
    ordering = ("domain",)


@extend_schema_view(
    list=extend_schema(
        summary="List outlets with published verdicts",
        description="Outlets whose articles carry at least one published verdict, by domain. Scope: `verdicts:read`.",
        parameters=[OutletFilterSerializer],
        responses={200: OutletSerializer(many=True), 304: NOT_MODIFIED, 400: BAD_FILTER, **COMMON_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One outlet",
        description="Scope: `verdicts:read`.",
        responses={200: OutletSerializer, 304: NOT_MODIFIED, 404: NOT_FOUND, **COMMON_ERRORS},
    ),
)
class OutletViewSet(PartnerAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OutletSerializer
    pagination_class = DomainCursorPagination
    lookup_value_regex = r"\d+"
    required_scopes: ClassVar[dict[str, str]] = {"list": Scope.VERDICTS_READ, "retrieve": Scope.VERDICTS_READ}

    def get_queryset(self) -> QuerySet[Source]:
        return Source.objects.annotate(
            published_claim_count=Count(
                "articles__claims", filter=Q(articles__claims__review_state=ReviewState.PUBLISHED), distinct=True
            )
        ).filter(published_claim_count__gt=0)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        params = OutletFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return outlets_filter(queryset, params.validated_data)
