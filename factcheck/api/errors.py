"""The API's one error envelope, `{"error": {"code", "message", "fields"?}}`, and its OpenAPI descriptions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


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
