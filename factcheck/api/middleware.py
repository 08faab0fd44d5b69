"""Every response under /api/ is JSON: errors raised outside DRF views (unknown paths, ids the URL patterns refuse,
oversized bodies, too-long URLs, server errors) get the same envelope as the views' own errors."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse

API_PREFIX = "/api/"

# Status -> (code, message) for error responses that Django, not a DRF view, produced.
_GENERIC: dict[int, tuple[str, str]] = {
    400: ("bad_request", "The request could not be understood."),
    403: ("permission_denied", "You do not have permission to perform this action."),
    404: ("not_found", "There is no API resource at this address."),
    405: ("method_not_allowed", "This method is not allowed here."),
    413: ("too_large", "The request body is over the upload limit."),
    414: ("uri_too_long", "The request address is too long."),
    500: ("server_error", "The server failed to answer; the error was logged."),
}


def error_json(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


class ApiErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        max_uri: int = getattr(settings, "FACTCHECK_API_MAX_URI_LENGTH", 4096)
        if len(request.get_full_path()) > max_uri:
            return error_json(414, "uri_too_long", f"The request address is longer than {max_uri} characters.")
        if _declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            # Refused before a byte of the body is read: the JSON parser would otherwise read it all.
            return error_json(413, "too_large", "The request body is over the upload limit.")
        response = self.get_response(request)
        if response.status_code >= 400 and not _is_json(response):
            code, message = _GENERIC.get(response.status_code, ("error", "The request failed."))
            replacement = error_json(response.status_code, code, message)
            if "Allow" in response:
                replacement["Allow"] = response["Allow"]
            return replacement
        return response


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _is_json(response: HttpResponseBase) -> bool:
    content_type = response.get("Content-Type", "") if isinstance(response, HttpResponse | HttpResponseBase) else ""
    return "json" in content_type.split(";")[0]
