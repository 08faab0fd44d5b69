"""Request parsers whose every failure is a 400 `parse_error`, never a server error."""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            # json.load recurses once per nesting level: 100,000 "[" would otherwise end as a 500.
            raise ParseError("JSON parse error - the document is nested too deeply.") from exc
