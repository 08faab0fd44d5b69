"""Figures a sentence states, as written: digits with their scale ("$2.5 billion", "4.1%") and number words."""

from __future__ import annotations

import re

from engine.lexicon import SCALE_WORDS_AFTER_DIGITS

_DIGIT = re.compile(r"\d")
# Digits only: number words come from the cue pass, which is far cheaper than a word alternation.
NUMBER = re.compile(
    r"(?:[$€£¥]\s?)?\b\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:\s?(?:thousand|million|billion|trillion|bn|per\s?cent|percent)\b|%)?"
    r"|(?:[$€£¥]\s?)?\b\d+(?:\.\d+)?(?:\s?(?:thousand|million|billion|trillion|bn|per\s?cent|percent)\b|%)?"
)
_YEAR_ONLY = re.compile(r"^(?:1[89]|20)\d\d$")


def find_numbers(text: str, dates: list[str], number_words: list[str]) -> list[str]:
    """Figures in `text` that are not part of one of its `dates`, then the number words the cue pass found."""
    date_text = " ".join(dates)
    digits = [" ".join(m.group(0).split()) for m in NUMBER.finditer(text)] if _DIGIT.search(text) else []
    return [n for n in digits if not (_YEAR_ONLY.match(n) and n in date_text) and not _is_day_of_date(n, date_text)] + [
        w for w in number_words if w not in {"one", "half"} and not (digits and w in SCALE_WORDS_AFTER_DIGITS)
    ]


def _is_day_of_date(number: str, date_text: str) -> bool:
    return number.isdigit() and len(number) <= 2 and re.search(rf"\b{number}\b", date_text) is not None
