"""Conditional GET: an ETag over the rendered data and Last-Modified, answering 304 when the client is fresh."""

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


def conditional_response(
    request: Request, response: HttpResponseBase, last_modified: datetime | None
) -> HttpResponseBase:
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or not isinstance(response, Response):
        return response
    etag = '"' + hashlib.sha256(_fingerprint(response)).hexdigest()[:40] + '"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    for name, value in headers.items():
        response[name] = value
    patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
    if_none_match = request.headers.get("If-None-Match")
    if_modified_since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if if_none_match is not None:
        fresh = _matches(etag, if_none_match)
    elif if_modified_since is not None and last_modified is not None:
        fresh = int(last_modified.timestamp()) <= if_modified_since
    else:
        fresh = False
    if not fresh:
        return response
    not_modified = HttpResponseNotModified()
    for name in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
        if name in response:
            not_modified[name] = response[name]
    return not_modified
