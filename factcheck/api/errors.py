"""The API's one error envelope, `{"error": {"code", "message", "fields"?}}`, and its OpenAPI descriptions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class InvalidCursor(exceptions.APIException):
    status_code = 400
    default_code = "invalid_cursor"
    default_detail = "The `cursor` parameter is not one this API gave out; start again without it."


class TooLarge(exceptions.APIException):
    status_code = 413
    default_code = "too_large"
    default_detail = "The request body is over the upload limit."


def _translated(exc: Exception) -> Exception:
    """Django's and Python's exceptions that requests can cause, as the API exceptions they mean."""
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or None)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, RequestDataTooBig):
        return TooLarge()
    if isinstance(exc, TooManyFilesSent):
        return TooLarge("Too many files in one request.", code="too_many_files")
    if isinstance(exc, TooManyFieldsSent):
        return TooLarge("Too many fields in one request.", code="too_many_fields")
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError("The request is malformed.")
    if isinstance(exc, RecursionError):
        return exceptions.ParseError("The request body is nested too deeply.")
    return exc


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Render every API error as `{"error": {"code": ..., "message": ..., "fields": {...}?}}`."""
    exc = _translated(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django answers 500 and ApiErrorMiddleware turns it into the envelope
    if isinstance(exc, exceptions.ValidationError):
        error: dict[str, Any] = {"code": "invalid", "message": "Some parameters are invalid; see `fields`."}
        error["fields"] = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
    else:
        assert isinstance(exc, exceptions.APIException)
        codes = exc.get_codes()
        error = {"code": codes if isinstance(codes, str) else exc.default_code, "message": str(exc.detail)}
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
    405: error_response(
        "The method is not one this endpoint takes; `Allow` lists those it does",
        "method_not_allowed",
        'Method "DELETE" not allowed.',
    ),
    406: error_response(
        "The Accept header asks for a format this endpoint does not produce",
        "not_acceptable",
        "Could not satisfy the request Accept header.",
    ),
    414: error_response(
        "The address (path and query) is longer than the limit", "uri_too_long", "The request address is too long."
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
    description="A query parameter is invalid (`invalid`, see `fields`), or `cursor` was not given out by the API "
    "(`invalid_cursor`)",
    examples=[
        OpenApiExample(
            "invalid_cursor",
            value={
                "error": {
                    "code": "invalid_cursor",
                    "message": "The `cursor` parameter is not one this API gave out; start again without it.",
                }
            },
        ),
        OpenApiExample(
            "invalid",
            value={
                "error": {
                    "code": "invalid",
                    "message": "Some parameters are invalid; see `fields`.",
                    "fields": {"verdict": ['"maybe" is not a valid choice.']},
                }
            },
        ),
    ],
)
NOT_MODIFIED = OpenApiResponse(description="Not modified since the ETag (If-None-Match) or date (If-Modified-Since)")
PARSE_ERROR = error_response(
    "The body is not valid JSON or form data (e.g. nested too deeply)", "parse_error", "JSON parse error - ..."
)
UNSUPPORTED_MEDIA_TYPE = error_response(
    "The Content-Type is not application/json, multipart/form-data or application/x-www-form-urlencoded",
    "unsupported_media_type",
    'Unsupported media type "text/plain" in request.',
)
