"""The feed's Last-Modified reads the newest reviewed claim through its partial index, not a scan of every claim."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims.api.serializers import last_feed_change

pytestmark = pytest.mark.django_db


def test_the_last_feed_change_query_can_use_the_reviewed_claims_index() -> None:
    with CaptureQueriesContext(connection) as queries:
        last_feed_change()
    (query,) = queries.captured_queries
    with transaction.atomic(), connection.cursor() as cursor:
        # An empty test table is cheapest to scan; forbidding that shows whether the index's condition matches the
        # query's: if `reviewed()` changed shape, PostgreSQL could no longer use it and would scan anyway.
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {query['sql']}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
        plan = " ".join(str(part) for row in cursor.fetchall() for part in row)
    assert "claim_feed_change_idx" in plan
