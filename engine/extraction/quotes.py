"""How much of a sentence sits inside quotation marks.

spaCy marks quotation-mark tokens (`is_quote`) but pairs nothing, so a span is still found here, by the marks.
"""

from __future__ import annotations

import re

_QUOTED_SPAN = re.compile(r"[\"“„«]([^\"“”„«»]{12,})[\"”»]")


def quoted_characters(text: str) -> int:
    """How many characters of `text` sit inside quotation marks (spans of at least 12 characters)."""
    return sum(len(m.group(1)) for m in _QUOTED_SPAN.finditer(text))
