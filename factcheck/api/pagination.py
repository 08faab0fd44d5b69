"""Cursor pagination, newest first: stable pages while new rows arrive."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from rest_framework import exceptions
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request

from factcheck.api.errors import InvalidCursor


class NewestFirstCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering: str | list[str] | tuple[str, ...] = ("-created_at", "-id")

    def get_page_size(self, request: Request) -> int:
        """`page_size`, if it is a whole number from 1 to `max_page_size`; anything else is a 400, not ignored."""
        raw = request.query_params.get(self.page_size_query_param or "page_size")
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError({"page_size": [f"A whole number from 1 to {self.max_page_size}."]})
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Cursor | None:
        """The cursor, if this API could have given it out; a tampered one is a 400 `invalid_cursor`, not a 500."""
        try:
            cursor = super().decode_cursor(request)
        except NotFound as exc:
            raise InvalidCursor() from exc
        if cursor is None or cursor.position is None:
            return cursor
        if "\x00" in str(cursor.position):
            raise InvalidCursor()
        ordering = self.ordering if isinstance(self.ordering, list | tuple) else [self.ordering]
        try:
            field = self._model._meta.get_field(ordering[0].lstrip("-"))
            field.to_python(cursor.position)  # e.g. "2025" is no timestamp: the query would fail
        except (FieldDoesNotExist, AttributeError):
            pass
        except (ValidationError, ValueError, TypeError) as exc:
            raise InvalidCursor() from exc
        return cursor
