"""Database connections: a statement PostgreSQL prepared before a migration changed a column's type is prepared again,
and timestamps are parsed by psycopg's compiled loader.

With prepared statements on (`DATABASE_PREPARED_STATEMENTS`, factcheck/settings.py), a connection keeps the plans of
the statements it repeats. A migration that changes the type of a column such a statement returns makes PostgreSQL
refuse the old plan ("cached plan must not change result type") on every later run, on every connection that prepared
it, until the connection is replaced (up to `DATABASE_CONN_MAX_AGE` seconds): a web or worker process still running
while the migration applies would fail every such query meanwhile. Inside a transaction the failure aborts it and the
rollback makes psycopg forget its prepared statements, so the next transaction is planned afresh; outside one,
`replan_stale_statements` drops them (`DEALLOCATE ALL`, which psycopg also recognises) and runs the statement once more.

Django loads every `timestamptz` through a subclass of psycopg's pure-Python loader (to put the connection's time zone
on the value), which keeps psycopg from using its C loader: on the partner feed's page query, ~150 timestamps a
request, that parsing was a tenth of the request (benchmarks/RESULTS.md, "Partner API"). `CompiledTzLoader` does
what Django's loader does, with psycopg's C parser underneath.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import cache
from typing import Any

import psycopg
from django.db import NotSupportedError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg.abc import AdaptContext, Loader
from psycopg.postgres import types as postgres_types
from psycopg.pq import Format
from psycopg.types.datetime import TimestamptzLoader as PythonTimestamptzLoader

logger = logging.getLogger(__name__)

STALE_PLAN = "cached plan must not change result type"
TIMESTAMPTZ_OID = postgres_types["timestamptz"].oid


def replan_stale_statements(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """A Django execute wrapper: a statement refused for a stale prepared plan runs again, prepared afresh."""
    try:
        return execute(sql, params, many, context)
    except NotSupportedError as error:
        connection: BaseDatabaseWrapper = context["connection"]
        if STALE_PLAN not in str(error) or connection.in_atomic_block:
            raise
        logger.warning("A migration changed what a prepared statement returns; preparing this connection's again")
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")
        return execute(sql, params, many, context)


def install_replanning(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: every PostgreSQL connection that prepares statements recovers from stale ones."""
    prepares = connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold") is not None
    if connection.vendor == "postgresql" and prepares and replan_stale_statements not in connection.execute_wrappers:
        connection.execute_wrappers.append(replan_stale_statements)


def _psycopg_timestamptz_loader() -> type[Loader]:
    """psycopg's own text loader for timestamptz: its C class where psycopg's binary or C build is installed."""
    return psycopg.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT) or PythonTimestamptzLoader


@cache
def compiled_tz_loader(zone: tzinfo | None) -> type[Loader]:
    """A loader that parses like psycopg's (C) loader and then, exactly as Django's `BaseTzLoader` does, replaces
    the value's time zone with `zone` (Django's connection time zone; None for naive values)."""
    parser_class = _psycopg_timestamptz_loader()

    class CompiledTzLoader(BaseTzLoader):
        timezone = zone  # read by Django's `create_cursor` to decide whether a cursor needs a loader of its own

        def __init__(self, oid: int, context: AdaptContext | None = None):
            super().__init__(oid, context)
            self._parse = parser_class(oid, context).load

        def load(self, data: Any) -> datetime:
            return self._parse(data).replace(tzinfo=self.timezone)

    return CompiledTzLoader


def install_compiled_timestamps(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: a PostgreSQL connection parses timestamptz with psycopg's C loader, when
    psycopg has one (in its pure-Python build there is nothing to gain and Django's loader stays)."""
    if connection.vendor != "postgresql" or _psycopg_timestamptz_loader() is PythonTimestamptzLoader:
        return
    connection.connection.adapters.register_loader("timestamptz", compiled_tz_loader(connection.timezone))
