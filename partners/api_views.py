"""What every partner API view shares: key auth and scopes, per-partner throttle, the error envelope,
conditional GET (ETag / Last-Modified → 304) and the per-partner request log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.pagination import CursorPagination

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from partners import services
from partners.authentication import PartnerPrincipal
from partners.permissions import HasScope
from partners.throttling import PartnerRateThrottle


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Render every API error as `{"error": {"code": ..., "message": ..., "fields": {...}?}}`."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        error: dict[str, Any] = {"code": "invalid", "message": "Some parameters are invalid; see `fields`."}
        error["fields"] = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        error = {"code": codes if isinstance(codes, str) else exc.default_code, "message": str(exc.detail)}
    else:  # Http404 / PermissionDenied from Django, already translated by DRF
        error = {"code": "error", "message": str(response.data.get("detail", "")) if response.data else ""}
    response.data = {"error": error}
    return response


ERROR_SCHEMA = inline_serializer(
    "Error",
    {
        "error": inline_serializer(
            "ErrorBody",
            {
                "code": serializers.CharField(help_text="Stable, machine-readable code"),
                "message": serializers.CharField(help_text="What went wrong, for a person"),
                "fields": serializers.DictField(required=False, help_text="Per-parameter problems (code `invalid`)"),
            },
        )
    },
)


def error_response(description: str, code: str, message: str) -> OpenApiResponse:
    return OpenApiResponse(
        ERROR_SCHEMA,
        description=description,
        examples=[OpenApiExample(code, value={"error": {"code": code, "message": message}})],
    )


COMMON_ERRORS = {
    401: error_response(
        "No key, an unknown key, or a revoked or expired one", "authentication_failed", "This API key was revoked."
    ),
    403: error_response(
        "The key lacks the scope", "permission_denied", "This API key lacks the `verdicts:read` scope."
    ),
    429: error_response(
        "Rate limit reached; wait for the number of seconds in the Retry-After header",
        "throttled",
        "Request was throttled. Expected available in 12 seconds.",
    ),
}
NOT_FOUND = error_response("No such (visible) object", "not_found", "No Claim matches the given query.")
BAD_FILTER = OpenApiResponse(
    ERROR_SCHEMA,
    description="A query parameter is invalid",
    examples=[
        OpenApiExample(
            "invalid",
            value={
                "error": {
                    "code": "invalid",
                    "message": "Some parameters are invalid; see `fields`.",
                    "fields": {"verdict": ['"maybe" is not a valid choice.']},
                }
            },
        )
    ],
)
NOT_MODIFIED = OpenApiResponse(description="Not modified since the ETag (If-None-Match) or date (If-Modified-Since)")


class NewestFirstCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering: str | list[str] | tuple[str, ...] = ("-created_at", "-id")


def _matches(etag: str, header: str) -> bool:
    if header.strip() == "*":
        return True
    strip = lambda tag: tag.removeprefix("W/")  # noqa: E731 - weak comparison, RFC 9110 §13.1.2
    return strip(etag) in {strip(tag) for tag in parse_etags(header)}


class PartnerAPIMixin:
    """Mixed into every partner API view, before the DRF view class."""

    permission_classes: Sequence[_PermissionClass] = (HasScope,)
    throttle_classes: Sequence[type[BaseThrottle]] = (PartnerRateThrottle,)
    pagination_class = NewestFirstCursorPagination
    required_scopes: ClassVar[dict[str, str]] = {}
    desk_write_permissions: ClassVar[dict[str, str]] = {}
    # Set by list/retrieve to the newest change of what they return, for Last-Modified.
    last_modified: datetime | None = None

    def get_exception_handler(self) -> Any:
        return api_exception_handler

    def finalize_response(self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response = self._conditional(request, response)
        user = request.__dict__.get("_user")
        if isinstance(user, PartnerPrincipal):
            services.api_request_record(
                api_key=user.api_key,
                method=request.method or "",
                path=request.get_full_path(),
                status_code=response.status_code,
            )
        return response

    def _conditional(self, request: Request, response: HttpResponseBase) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or not isinstance(response, Response):
            return response
        fingerprint = json.dumps(response.data, sort_keys=True, cls=DjangoJSONEncoder) + str(
            getattr(response, "accepted_media_type", "")
        )
        etag = '"' + hashlib.sha256(fingerprint.encode()).hexdigest()[:40] + '"'
        headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
        if self.last_modified is not None:
            headers["Last-Modified"] = http_date(self.last_modified.timestamp())
        for name, value in headers.items():
            response[name] = value
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        if_none_match = request.headers.get("If-None-Match")
        if_modified_since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        if if_none_match is not None:
            fresh = _matches(etag, if_none_match)
        elif if_modified_since is not None and self.last_modified is not None:
            fresh = int(self.last_modified.timestamp()) <= if_modified_since
        else:
            fresh = False
        if not fresh:
            return response
        not_modified = HttpResponseNotModified()
        for name in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
            if name in response:
                not_modified[name] = response[name]
        return not_modified

    def note_last_modified(self, *stamps: datetime | None) -> None:
        present = [stamp for stamp in stamps if stamp is not None]
        if present:
            self.last_modified = max(present)
