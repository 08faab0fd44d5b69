"""Cursor pagination, newest first: stable pages while new rows arrive."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class NewestFirstCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering: str | list[str] | tuple[str, ...] = ("-created_at", "-id")
