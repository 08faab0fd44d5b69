"""Dates and clock times a sentence states, as written ("on Tuesday", "March 3, 2025", "at about 9 p.m.").

Every pattern here is a flat alternation or a bounded repetition, so matching stays linear in the sentence length.
"""

from __future__ import annotations

import re

from engine.lexicon import WEEKDAYS

_MONTHS = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
    r"|Sep(?:tember|t\.|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAYS = "(?:" + "|".join(sorted(day.capitalize() for day in WEEKDAYS)) + ")"
DATE = re.compile(
    rf"\b{_MONTHS}(?:\s\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s(?:1[89]|20)\d\d)?(?![\w])"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{_MONTHS}(?:,?\s(?:1[89]|20)\d\d)?(?![\w])"
    rf"|\b(?:on|last|next|this|since|by|until|from)\s{_WEEKDAYS}\b"
    r"|\b(?:in|since|by|until|from|during|of|before|after)\s(?:the\s)?(?:1[89]|20)\d\d(?:s)?\b"
    r"|\b(?:yesterday|last\s(?:week|month|year|night|decade)|earlier\sthis\s(?:week|month|year))\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    # A clock time says when something happened as precisely as a date does ("broke out at about 9 p.m.").
    r"|\b(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b[01]?\d:[0-5]\d\s?(?:GMT|UTC|local\stime)\b"
)
_DIGIT = re.compile(r"\d")
_DATE_HINT = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|[MTWFS][a-z]+day|yesterday|last|earlier)"
)
# "May" alone is usually the modal verb, so a bare month needs a day or a year to count for it.
_BARE_AMBIGUOUS_MONTH = re.compile(r"^(?:May|March|June?|July?)$")


def find_dates(text: str) -> list[str]:
    """Dates and times in `text`, whitespace-normalised, in order of appearance."""
    if not _may_have_date(text):
        return []
    return [
        d for d in (" ".join(m.group(0).split()) for m in DATE.finditer(text)) if not _BARE_AMBIGUOUS_MONTH.match(d)
    ]


def _may_have_date(text: str) -> bool:
    # Every date pattern contains a digit, a capitalised month/weekday or one of a few relative words.
    return _DIGIT.search(text) is not None or _DATE_HINT.search(text) is not None
