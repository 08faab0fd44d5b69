"""Rendered API pages kept under the ETag that names their bytes, so a repeated 200 is not built twice.

For a view whose ETag is computed, before the body, from everything the body's bytes depend on (the partner feed:
`claims.api.fast.page_etag`), the ETag is a content address: the bytes built once under it are the bytes every later
build under it would give. So the cache is never invalidated; a change to anything the page shows is a new ETag and
therefore a new key, and entries simply expire (the `api_pages` cache's TIMEOUT). Keys are the namespace and the
ETag's hash, whatever the page's URL.

The cache only saves work: when it is down or failing, the view builds the page as if nothing were stored.

In front of the shared cache each process keeps the pages it served lately (`LOCAL_PAGE_BYTES` of them, for the
shared cache's timeout). Because a key names its bytes, a local copy is never stale and needs no invalidation; a hit
saves the round trip to Redis and the copy out of it: +9 % requests/s for a polled feed page with Redis
(benchmarks/RESULTS.md, "Partner API").
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from django.core.cache import caches
from rest_framework.response import Response

PAGE_CACHE = "api_pages"
# The bytes of pages one process keeps in front of the shared cache: a 50-claim page is ~25 KB, 200 claims ~600 KB.
LOCAL_PAGE_BYTES = 8 * 1024 * 1024

logger = logging.getLogger(__name__)

StoredPage = tuple[str, bytes]  # Content-Type, body


class LocalPages:
    """The pages this process served lately, least recently used dropped first, within a byte budget."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._size = 0
        self._pages: OrderedDict[str, tuple[float | None, StoredPage]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> StoredPage | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None:
                return None
            expires, page = entry
            if expires is not None and time.monotonic() >= expires:
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: StoredPage, timeout: float | None) -> None:
        """Keep `page` for `timeout` seconds (None: until it is dropped for room; 0: not at all)."""
        size = len(page[1])
        if timeout == 0 or size > self._budget:
            return
        expires = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = (expires, page)
            self._size += size
            while self._size > self._budget:
                self._drop(next(iter(self._pages)))

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._size = 0

    def _drop(self, key: str) -> None:
        _, page = self._pages.pop(key)
        self._size -= len(page[1])


_local_pages = LocalPages(LOCAL_PAGE_BYTES)


def forget_stored_pages() -> None:
    """Drop every stored page, this process's copies and the shared cache's (the next request builds its page)."""
    forget_local_copies()
    caches[PAGE_CACHE].clear()


def forget_local_copies() -> None:
    """Drop this process's copies only (the next request reads the shared cache)."""
    _local_pages.clear()


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
    key = _key(namespace, etag)
    page = _local_pages.get(key)
    if page is None:
        shared = caches[PAGE_CACHE]
        try:
            stored = shared.get(key)
        except Exception as exc:
            # Any backend's failure (a Redis outage, a timeout): the page is built instead; a request never fails here.
            logger.warning("API page cache unreadable, building the page: %s", exc)
            return None
        if not isinstance(stored, tuple) or len(stored) != 2:
            return None
        page = (stored[0], stored[1])
        _local_pages.put(key, page, shared.default_timeout)
    content_type, body = page
    return StoredPageResponse(content_type=content_type, body=body)


def store_page_when_rendered(response: Response, namespace: str, etag: str) -> None:
    """Keep `response`'s bytes under `etag` once Django has rendered them, if it is still a 200 then."""

    def store(rendered: Any) -> None:
        if rendered.status_code != 200:
            return
        key, shared = _key(namespace, etag), caches[PAGE_CACHE]
        page = (rendered["Content-Type"], bytes(rendered.content))
        _local_pages.put(key, page, shared.default_timeout)
        try:
            shared.set(key, page)
        except Exception as exc:
            logger.warning("API page cache unwritable, page kept in this process only: %s", exc)

    response.add_post_render_callback(store)
