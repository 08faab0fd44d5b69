"""Quotation marks in a sentence and how much of it is inside them."""

from __future__ import annotations

import re

QUOTATION = re.compile(r"[\"“”„«»]|(?:^|\s)‘|’(?=\s|$|[.,;:!?])")
_QUOTED_SPAN = re.compile(r"[\"“„«]([^\"“”„«»]{12,})[\"”»]")


def quoted_characters(text: str) -> int:
    """How many characters of `text` sit inside quotation marks (spans of at least 12 characters)."""
    return sum(len(m.group(1)) for m in _QUOTED_SPAN.finditer(text))
