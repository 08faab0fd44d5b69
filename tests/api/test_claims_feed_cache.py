"""The feed's rendered pages are kept under their ETag: a repeated 200 is the same bytes without being built again,
a change to anything on the page is served fresh, and a broken cache only means the page is built."""

from __future__ import annotations

import os
import socket
import uuid
from typing import Any

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from factcheck.api.page_cache import PAGE_CACHE
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
    caches[PAGE_CACHE].clear()
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
        assert seen(partner_client.get("/api/v1/claims/")) == seen(built)  # built again, stored in Redis
        with django_assert_num_queries(3) as queries:
            again = partner_client.get("/api/v1/claims/")
        assert not evidence_read(queries)
        assert seen(again) == seen(built)
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        stored = client.keys(f"{prefix}:*")
        if stored:
            client.delete(*stored)
