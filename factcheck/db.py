"""Database connections: a statement PostgreSQL prepared before a migration changed a column's type is prepared again.

With prepared statements on (`DATABASE_PREPARED_STATEMENTS`, factcheck/settings.py), a connection keeps the plans of
the statements it repeats. A migration that changes the type of a column such a statement returns makes PostgreSQL
refuse the old plan ("cached plan must not change result type") on every later run, on every connection that prepared
it, until the connection is replaced (up to `DATABASE_CONN_MAX_AGE` seconds): a web or worker process still running
while the migration applies would fail every such query meanwhile. Inside a transaction the failure aborts it and the
rollback makes psycopg forget its prepared statements, so the next transaction is planned afresh; outside one,
`replan_stale_statements` drops them (`DEALLOCATE ALL`, which psycopg also recognises) and runs the statement once more.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import NotSupportedError
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

STALE_PLAN = "cached plan must not change result type"


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
