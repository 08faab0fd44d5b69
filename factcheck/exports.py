"""CSV and JSON downloads, streamed row by row so a large export never sits in memory; imports no app.

A cell a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return) is written with a
leading apostrophe, the OWASP rule for CSV injection: the text shows as typed and nothing is evaluated. JSON needs no
such care and gets the exact values.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Rows fetched per database round trip while streaming (server-side cursors on PostgreSQL).
CHUNK_SIZE = 500


def safe_cell(value: Any) -> str:
    """A CSV cell that no spreadsheet evaluates; None is empty, dates are ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)  # a negative number is a number, not a formula
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    value: Callable[[Any], Any]


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Sequence[Column], rows: Iterable[Any]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark, so spreadsheets read the UTF-8 as UTF-8
    yield writer.writerow([column.name for column in columns])
    for row in rows:
        yield writer.writerow([safe_cell(column.value(row)) for column in columns])


def json_chunks(columns: Sequence[Column], rows: Iterable[Any]) -> Iterator[str]:
    """A JSON array of objects, written one object at a time."""
    yield "["
    first = True
    for row in rows:
        record = {column.name: column.value(row) for column in columns}
        yield ("\n" if first else ",\n") + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
        first = False
    yield "\n]\n"


def streamed(queryset: QuerySet[Any] | Iterable[Any]) -> Iterable[Any]:
    if isinstance(queryset, QuerySet):
        return queryset.iterator(chunk_size=CHUNK_SIZE)
    return queryset


def export_response(
    *, name: str, fmt: str, columns: Sequence[Column], rows: QuerySet[Any] | Iterable[Any]
) -> StreamingHttpResponse:
    """A download of `rows` as `fmt` ("csv" or "json"), named `<name>-<timestamp>.<fmt>`."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(columns, streamed(rows)), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        response = StreamingHttpResponse(
            json_chunks(columns, streamed(rows)), content_type="application/json; charset=utf-8"
        )
    else:
        raise ValueError(f"Unknown export format {fmt!r}; use csv or json.")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
