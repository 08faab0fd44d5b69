"""PostgreSQL timestamps are parsed by psycopg's compiled loader and come out exactly as Django's loader gives them."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format

from factcheck.db import TIMESTAMPTZ_OID, compiled_tz_loader
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# Whole seconds, microseconds, a leap day, a date before 1900, the far future and instants either side of a DST change
# in the server's own arithmetic (the session is UTC, so none may shift).
STAMPS = """
SELECT '2026-12-02 09:44:35+00'::timestamptz, '2026-12-02 09:44:35.437672+00'::timestamptz,
       '2024-02-29 23:59:59.000001+00'::timestamptz, '1899-03-01 00:00:00+00'::timestamptz,
       '9999-12-31 23:59:59.999999+00'::timestamptz, '2026-03-29 01:30:00+02'::timestamptz,
       '2026-10-25 02:30:00-04:30'::timestamptz, NULL::timestamptz
"""


@pytest.fixture
def postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the loader is psycopg's")
    connection.ensure_connection()


def read_stamps(*, djangos_loader: bool) -> tuple[datetime.datetime | None, ...]:
    with connection.cursor() as cursor:
        if djangos_loader:
            register_tzloader(connection.timezone, cursor.cursor)
        cursor.execute(STAMPS)
        return tuple(cursor.fetchone())


def test_connections_parse_timestamps_with_the_compiled_loader(postgresql) -> None:
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    assert loader is compiled_tz_loader(connection.timezone)
    with connection.cursor() as cursor:
        # Django's create_cursor keeps the connection's loader when its time zone agrees; it must not swap it back.
        assert cursor.cursor.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT) is loader


def test_compiled_loader_gives_what_djangos_loader_gives(postgresql) -> None:
    ours, djangos = read_stamps(djangos_loader=False), read_stamps(djangos_loader=True)
    assert ours == djangos
    assert [repr(value) for value in ours] == [repr(value) for value in djangos]
    assert ours[1] == datetime.datetime(2026, 12, 2, 9, 44, 35, 437672, tzinfo=datetime.UTC)
    assert ours[-1] is None


def test_model_timestamps_round_trip_as_aware_utc(postgresql) -> None:
    article = ArticleFactory()
    stored = type(article).objects.get(pk=article.pk)
    assert stored.created_at == article.created_at
    assert stored.created_at.tzinfo is connection.timezone is datetime.UTC
