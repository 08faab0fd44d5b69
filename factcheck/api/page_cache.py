"""Rendered API pages kept under the ETag that names their bytes, so a repeated 200 is not built twice.

For a view whose ETag is computed, before the body, from everything the body's bytes depend on (the partner feed:
`claims.api.fast.page_etag`), the ETag is a content address: the bytes built once under it are the bytes every later
build under it would give. So the cache is never invalidated; a change to anything the page shows is a new ETag and
therefore a new key, and entries simply expire (the `api_pages` cache's TIMEOUT). Keys are the namespace and the
ETag's hash, whatever the page's URL.

The cache only saves work: when it is down or failing, the view builds the page as if nothing were stored.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import caches
from rest_framework.response import Response

PAGE_CACHE = "api_pages"

logger = logging.getLogger(__name__)


def _key(namespace: str, etag: str) -> str:
    return f"{namespace}:{etag.removeprefix('W/').strip(chr(34))}"


class StoredPageResponse(Response):
    """A 200 whose bytes and Content-Type were rendered before: negotiated, stamped and logged like any other
    response, but its renderer is not run again."""

    def __init__(self, *, content_type: str, body: bytes) -> None:
        super().__init__(data=None, status=200)
        self.stored_content_type = content_type
        self.stored_body = body

    @property
    def rendered_content(self) -> bytes:  # type: ignore[override]  # DRF returns bytes; its stubs say str
        self["Content-Type"] = self.stored_content_type
        return self.stored_body


def stored_page(namespace: str, etag: str) -> StoredPageResponse | None:
    """The page rendered earlier under `etag`, or None when there is none (or the cache cannot be read)."""
    try:
        stored = caches[PAGE_CACHE].get(_key(namespace, etag))
    except Exception as exc:
        # Any backend's failure (a Redis outage, a timeout): the page is built instead; a request never fails here.
        logger.warning("API page cache unreadable, building the page: %s", exc)
        return None
    if not isinstance(stored, tuple) or len(stored) != 2:
        return None
    content_type, body = stored
    return StoredPageResponse(content_type=content_type, body=body)


def store_page_when_rendered(response: Response, namespace: str, etag: str) -> None:
    """Keep `response`'s bytes under `etag` once Django has rendered them, if it is still a 200 then."""

    def store(rendered: Any) -> None:
        if rendered.status_code != 200:
            return
        try:
            caches[PAGE_CACHE].set(_key(namespace, etag), (rendered["Content-Type"], bytes(rendered.content)))
        except Exception as exc:
            logger.warning("API page cache unwritable, page served uncached: %s", exc)

    response.add_post_render_callback(store)
