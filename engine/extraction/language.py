"""A cheap language guess: script detection plus stop-word counts, enough to warn that scores assume English."""

from __future__ import annotations

import re

from engine.lexicon import LANGUAGE_STOPWORDS

_WORD = re.compile(r"[^\W\d_]+")
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ru", re.compile(r"[\u0400-\u04FF]")),
    ("ar", re.compile(r"[\u0600-\u06FF]")),
    ("he", re.compile(r"[\u0590-\u05FF]")),
    ("el", re.compile(r"[\u0370-\u03FF]")),
    ("hi", re.compile(r"[\u0900-\u097F]")),
    ("th", re.compile(r"[\u0E00-\u0E7F]")),
    ("ko", re.compile(r"[\uAC00-\uD7AF]")),
    ("ja", re.compile(r"[\u3040-\u30FF]")),
    ("zh", re.compile(r"[\u4E00-\u9FFF]")),
)
# Enough text to judge; the first 5,000 characters of an article say which language it is in.
_SAMPLE_CHARS = 5_000
_MIN_WORDS = 5


def guess_language(text: str) -> str:
    """Return an ISO 639-1 code; "en" when there is too little text to tell, since the engine assumes English."""
    sample = text[:_SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters == 0:
        return "en"
    for code, pattern in _SCRIPTS:
        if len(pattern.findall(sample)) > letters * 0.3:
            return code
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < _MIN_WORDS:
        return "en"
    counts = {code: sum(1 for w in words if w in stopwords) for code, stopwords in LANGUAGE_STOPWORDS.items()}
    best = max(counts, key=lambda code: counts[code])
    # Ties and near-ties go to English: short headlines share words like "a", "in" across languages.
    if counts[best] <= counts["en"] * 1.2 or counts[best] < 2:
        return "en"
    return best
