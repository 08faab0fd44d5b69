"""Conditional GET: an ETag (over the rendered data, or a validator the view computed first) and Last-Modified,
answering 304 when the client is fresh."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework.request import Request
from rest_framework.response import Response


def _matches(etag: str, header: str) -> bool:
    if header.strip() == "*":
        return True
    strip = lambda tag: tag.removeprefix("W/")  # noqa: E731 - weak comparison, RFC 9110 §13.1.2
    return strip(etag) in {strip(tag) for tag in parse_etags(header)}


def _fingerprint(response: Response) -> bytes:
    media_type = str(getattr(response, "accepted_media_type", "")).encode()
    if getattr(response, "accepted_renderer", None) is not None:
        # Hash the body the client receives instead of serialising the data a second time just for the tag.
        response.render()
        return bytes(response.content) + media_type
    return json.dumps(response.data, sort_keys=True, cls=DjangoJSONEncoder).encode() + media_type


def body_etag(response: Response) -> str:
    """The ETag of a response's body, for views that do not know a cheaper validator."""
    return '"' + hashlib.sha256(_fingerprint(response)).hexdigest()[:40] + '"'


def is_fresh(request: Request, *, etag: str, last_modified: datetime | None) -> bool:
    """Whether the client's copy is current: `If-None-Match` when sent, else `If-Modified-Since`."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return _matches(etag, if_none_match)
    if_modified_since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if if_modified_since is not None and last_modified is not None:
        return int(last_modified.timestamp()) <= if_modified_since
    return False


def _stamp(response: HttpResponseBase, *, etag: str, last_modified: datetime | None) -> None:
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])


def not_modified(*, etag: str, last_modified: datetime | None) -> HttpResponseNotModified:
    """The 304 `conditional_response` gives, for a view that knows its validators before it builds the body."""
    response = HttpResponseNotModified()
    _stamp(response, etag=etag, last_modified=last_modified)
    return response


def conditional_response(
    request: Request, response: HttpResponseBase, last_modified: datetime | None, *, etag: str | None = None
) -> HttpResponseBase:
    """Stamp a 200 with its validators and answer 304 when the client is fresh; `etag` defaults to `body_etag`."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or not isinstance(response, Response):
        return response
    etag = body_etag(response) if etag is None else etag
    _stamp(response, etag=etag, last_modified=last_modified)
    if not is_fresh(request, etag=etag, last_modified=last_modified):
        return response
    fresh = HttpResponseNotModified()
    for name in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
        if name in response:
            fresh[name] = response[name]
    return fresh
