"""The feed's rendered pages are kept under their ETag: a repeated 200 is the same bytes without being built again,
a change to anything on the page is served fresh, and a broken cache only means the page is built."""

from __future__ import annotations

import os
import socket
import uuid
from typing import Any

import pytest
import redis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from factcheck.api.page_cache import PAGE_CACHE, LocalPages, forget_local_copies, forget_stored_pages
from tests.api import test_claims_feed_etag as etag_tests
from tests.api.test_claims_feed_etag import DEPENDENCIES, Feed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttle_cache")]

# The published feed with shown, hidden and external evidence (tests/api/test_claims_feed_etag.py).
feed = etag_tests.feed

# A Redis the test may write to (under a key prefix of its own, never flushed).
REDIS_URL = os.environ.get("FACTCHECK_TEST_CACHE_URL", "redis://127.0.0.1:6379/13")

# What a client sees of a response besides its body.
HEADERS = ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Length")


def seen(response: Any) -> tuple[int, bytes, dict[str, str]]:
    return response.status_code, response.content, {name: response.get(name) for name in HEADERS}


def evidence_read(queries: CaptureQueriesContext) -> bool:
    """Whether the page's evidence rows were fetched (the query `claims.api.fast.evidence_rows` runs)."""
    return any(query["sql"].startswith('SELECT "claims_evidence"."claim_id"') for query in queries.captured_queries)


def built_afresh(client: Client, **headers: str) -> Any:
    """The page as it is built now, with nothing stored."""
    forget_stored_pages()
    return client.get("/api/v1/claims/", **headers)


def test_a_repeated_page_is_the_same_bytes_and_headers_without_reading_the_evidence(
    feed: Feed, partner_client: Client, django_assert_num_queries
) -> None:
    partner_client.get("/api/v1/claims/")  # a key's first use stamps its last_used_at: not the page's cost
    with CaptureQueriesContext(connection) as built_queries:
        built = built_afresh(partner_client)
    assert built.status_code == 200
    assert evidence_read(built_queries)
    # The key, the claim rows (with the feed's last change), the request log: no evidence rows, no payload, no render.
    with django_assert_num_queries(3) as cached_queries:
        again = partner_client.get("/api/v1/claims/")
    assert not evidence_read(cached_queries)
    assert seen(again) == seen(built)
    assert again.json()["results"][0]["evidence"]


def test_a_stored_page_still_answers_304_to_a_client_that_holds_it(feed: Feed, partner_client: Client) -> None:
    first = partner_client.get("/api/v1/claims/")
    second = partner_client.get("/api/v1/claims/")
    fresh = partner_client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=second["ETag"])
    assert fresh.status_code == 304
    assert fresh["ETag"] == first["ETag"] == second["ETag"]


@pytest.mark.parametrize("change", list(DEPENDENCIES))
def test_after_a_change_the_page_is_served_fresh_not_from_the_cache(
    change: str, feed: Feed, settings, partner_client: Client
) -> None:
    before = partner_client.get("/api/v1/claims/")
    assert partner_client.get("/api/v1/claims/").content == before.content  # served from the cache
    DEPENDENCIES[change](feed, settings)
    after = partner_client.get("/api/v1/claims/")
    assert after.content != before.content
    assert seen(after) == seen(built_afresh(partner_client))


def test_each_format_of_a_page_is_stored_apart(feed: Feed, partner_client: Client) -> None:
    plain = partner_client.get("/api/v1/claims/", HTTP_ACCEPT="application/json")
    indented = partner_client.get("/api/v1/claims/", HTTP_ACCEPT="application/json; indent=2")
    html = partner_client.get("/api/v1/claims/", HTTP_ACCEPT="text/html")
    assert seen(partner_client.get("/api/v1/claims/", HTTP_ACCEPT="application/json; indent=2")) == seen(indented)
    assert seen(partner_client.get("/api/v1/claims/", HTTP_ACCEPT="application/json")) == seen(plain)
    assert html["Content-Type"].startswith("text/html")
    assert indented.content != plain.content


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_page_cache_that_is_down_means_the_page_is_built(feed: Feed, settings, partner_client: Client) -> None:
    healthy = built_afresh(partner_client)
    # The production backend pointed at a port nothing listens on: every read and write fails to connect.
    settings.CACHES = {
        **settings.CACHES,
        PAGE_CACHE: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    first = partner_client.get("/api/v1/claims/")
    second = partner_client.get("/api/v1/claims/")
    assert seen(first) == seen(second) == seen(healthy)
    assert partner_client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_with_the_production_redis_cache_a_page_is_served_from_redis(
    feed: Feed, settings, partner_client: Client, django_assert_num_queries
) -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex}"
    built = built_afresh(partner_client)
    settings.CACHES = {
        **settings.CACHES,
        PAGE_CACHE: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "TIMEOUT": 60,
        },
    }
    try:
        forget_local_copies()  # the page built above is this process's copy; the next is built and stored in Redis
        assert seen(partner_client.get("/api/v1/claims/")) == seen(built)
        forget_local_copies()  # as another worker process, which never served this page, would ask
        with django_assert_num_queries(3) as queries:
            again = partner_client.get("/api/v1/claims/")
        assert not evidence_read(queries)
        assert seen(again) == seen(built)
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        stored = client.keys(f"{prefix}:*")
        if stored:
            client.delete(*stored)


def test_a_page_this_process_served_is_served_again_without_the_shared_cache(
    feed: Feed, settings, partner_client: Client
) -> None:
    built = built_afresh(partner_client)
    settings.CACHES = {  # the shared cache gone: only this process's copy can answer
        **settings.CACHES,
        PAGE_CACHE: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    with CaptureQueriesContext(connection) as queries:
        again = partner_client.get("/api/v1/claims/")
    assert not evidence_read(queries)
    assert seen(again) == seen(built)


def test_with_the_page_cache_off_no_process_keeps_a_copy_either(feed: Feed, settings, partner_client: Client) -> None:
    settings.CACHES = {
        **settings.CACHES,
        PAGE_CACHE: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "off", "TIMEOUT": 0},
    }
    forget_stored_pages()
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert partner_client.get("/api/v1/claims/").status_code == 200
        assert evidence_read(queries)


def test_local_copies_keep_to_their_byte_budget_and_their_timeout(monkeypatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("factcheck.api.page_cache.time.monotonic", lambda: clock[0])
    pages = LocalPages(budget=10)
    pages.put("a", ("application/json", b"aaaa"), timeout=60)
    pages.put("b", ("application/json", b"bbbb"), timeout=60)
    assert pages.get("a") is not None  # "a" is now the most recently used
    pages.put("c", ("application/json", b"cccc"), timeout=60)  # over budget: the least recently used goes
    assert pages.get("b") is None
    assert pages.get("a") == ("application/json", b"aaaa") and pages.get("c") is not None
    pages.put("huge", ("application/json", b"x" * 11), timeout=60)  # larger than the whole budget: never kept
    assert pages.get("huge") is None and pages.get("a") is not None
    clock[0] += 61
    assert pages.get("a") is None and pages.get("c") is None
    pages.put("off", ("application/json", b"o"), timeout=0)
    assert pages.get("off") is None
