"""Prepared statements on PostgreSQL: on by default, and a statement a migration made stale is prepared again.

The stale plan is real: a second connection changes a column's type while this one holds the statement prepared,
as a migration does while the web and worker processes keep running.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from django.db import NotSupportedError, connection, transaction

pytestmark = pytest.mark.django_db(transaction=True)

READ = "SELECT prepared_probe.id, prepared_probe.name FROM prepared_probe WHERE prepared_probe.id = %s"


@pytest.fixture
def probe_table() -> Iterator[None]:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    if connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold") is None:
        pytest.skip("prepared statements are turned off (DATABASE_PREPARED_STATEMENTS=false)")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE prepared_probe (id integer PRIMARY KEY, name text)")
        cursor.execute("INSERT INTO prepared_probe VALUES (1, 'Riverton')")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE prepared_probe")


def read() -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(READ, [1])
        return list(cursor.fetchall())


def prepare_it() -> None:
    for _ in range(connection.settings_dict["OPTIONS"]["prepare_threshold"] + 1):
        assert read() == [(1, "Riverton")]


def change_the_column_type_elsewhere() -> None:
    params = connection.get_connection_params()
    conninfo = {key: params[key] for key in ("dbname", "user", "host", "port", "password") if params.get(key)}
    with psycopg.connect(**conninfo, autocommit=True) as migration:
        migration.execute("ALTER TABLE prepared_probe ALTER COLUMN name TYPE varchar(40)")


def test_statements_are_prepared_by_the_server(probe_table) -> None:
    prepare_it()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%FROM prepared_probe%"])
        assert cursor.fetchone()[0] == 1


def test_a_statement_a_migration_made_stale_is_prepared_again_outside_a_transaction(probe_table) -> None:
    prepare_it()
    change_the_column_type_elsewhere()
    assert read() == [(1, "Riverton")]  # PostgreSQL refused the old plan; the wrapper dropped it and ran it again
    assert read() == [(1, "Riverton")]


def test_inside_a_transaction_the_stale_plan_fails_once_and_the_rollback_clears_it(probe_table) -> None:
    prepare_it()
    change_the_column_type_elsewhere()
    with pytest.raises(NotSupportedError, match="cached plan must not change result type"), transaction.atomic():
        read()  # a transaction PostgreSQL has aborted cannot run the statement again
    with transaction.atomic():
        assert read() == [(1, "Riverton")]
