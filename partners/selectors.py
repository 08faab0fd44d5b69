"""Reads of the partners app on hot paths."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connections, router
from django.db.models import Field, Model

from partners.models import ApiKey, Partner

Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class _ModelColumns:
    """How one model's columns of a hand-assembled row become an instance, as the ORM would build it."""

    model: type[Model]
    attnames: list[str]
    # Per column, the expression the ORM would have selected and the converters it would apply, in order.
    converters: list[tuple[Any, list[Converter]]]

    @classmethod
    def of(cls, model: type[Model], alias: str) -> _ModelColumns:
        connection = connections[alias]
        fields: Sequence[Field[Any, Any]] = model._meta.concrete_fields
        converters = []
        for field in fields:
            column = field.get_col(model._meta.db_table)
            # What the ORM's compiler applies to a fetched value: the backend's converters, then the field's. Kept
            # across threads: they read the field and the settings (time zone), never a connection's state.
            converters.append((column, connection.ops.get_db_converters(column) + column.get_db_converters(connection)))
        return cls(model=model, attnames=[field.attname for field in fields], converters=converters)

    def instance(self, alias: str, values: Sequence[Any]) -> Any:
        connection = connections[alias]
        converted = []
        for value, (column, converters) in zip(values, self.converters, strict=True):
            for convert in converters:
                value = convert(value, column, connection)
            converted.append(value)
        return self.model.from_db(alias, self.attnames, converted)


@dataclass(frozen=True)
class _KeyLookup:
    sql: str
    key: _ModelColumns
    partner: _ModelColumns


@cache
def _key_lookup(alias: str) -> _KeyLookup:
    """The SQL of `ApiKey.objects.select_related("partner").get(prefix=...)`, assembled once per database from the
    models' metadata (so a field added to either model is read too)."""
    quote = connections[alias].ops.quote_name
    key, partner = ApiKey._meta, Partner._meta

    def column(meta: Any, name: str) -> str:
        return quote(meta.get_field(name).column)

    columns = [f"k.{column(key, field.name)}" for field in key.concrete_fields]
    columns += [f"p.{column(partner, field.name)}" for field in partner.concrete_fields]
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(key.db_table)} k "
        f"JOIN {quote(partner.db_table)} p ON p.{column(partner, 'id')} = k.{column(key, 'partner')} "
        f"WHERE k.{column(key, 'prefix')} = %s"
    )
    return _KeyLookup(sql=sql, key=_ModelColumns.of(ApiKey, alias), partner=_ModelColumns.of(Partner, alias))


def api_key_by_prefix(prefix: str) -> ApiKey | None:
    """The key with this public prefix, its partner loaded with it; None when no key has it.

    Every partner request runs this before anything else. Through the ORM (`select_related("partner").filter(...)`)
    building and compiling the query took 0.7 ms of a ~5 ms feed request; the SQL assembled once and the rows turned
    into instances as the ORM does take 0.3 ms (benchmarks/RESULTS.md, "Partner API")."""
    alias = router.db_for_read(ApiKey)
    lookup = _key_lookup(alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(lookup.sql, [prefix])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(lookup.key.attnames)
    api_key: ApiKey = lookup.key.instance(alias, row[:split])
    api_key.partner = lookup.partner.instance(alias, row[split:])
    return api_key
