"""Casualty statements without a figure: "no injuries were reported", "dozens were killed"."""

from __future__ import annotations

import re

from engine.lexicon import KILLED_WORDS

_ZERO_CASUALTIES = re.compile(
    r"\b(?:no|zero)\s+(?:\w+\s+){0,2}?(?P<a>injuries|injured|casualties|deaths|fatalities|dead|one\s+(?:was|were)\s+\w+)"
    r"|\bno\s+(?:\w+\s+){0,3}?(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+\s+)?"
    r"(?P<e>hurt|injured|killed|wounded|harmed)"
    r"|\b(?:no[\s-]?one|nobody|none)\s+(?:\w+\s+){0,3}?(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+\s+)?"
    r"(?P<b>hurt|injured|killed|wounded|harmed)"
    r"|\bwithout\s+(?:any\s+)?(?P<c>injur\w*|casualt\w*|loss\s+of\s+life)"
    r"|\b(?P<d>unharmed|unhurt|uninjured)\b",
    re.IGNORECASE,
)
_SOME_CASUALTIES = re.compile(
    r"\b(?P<q>several|many|dozens|scores|hundreds|thousands|multiple|numerous)\s+(?:\w+\s+){0,3}?"
    r"(?:were|was|had\s+been|have\s+been)?\s*(?P<k>hurt|injured|killed|wounded|dead|died)",
    re.IGNORECASE,
)


def casualty_kind(word: str) -> str:
    """ "killed", "injured" or "any" (for "casualties") for a casualty word."""
    lowered = word.lower()
    if lowered in KILLED_WORDS or lowered.startswith(("kill", "death", "dead", "die", "fatal")):
        return "killed"
    if lowered == "casualties":
        return "any"
    return "injured"


def zero_casualties(text: str) -> list[tuple[str, str]]:
    """Statements that nobody was hurt or killed, as (kind, surface)."""
    zero: list[tuple[str, str]] = []
    for match in _ZERO_CASUALTIES.finditer(text):
        cue = next(group for group in match.groups() if group)
        word = cue.split()[-1]
        kind = "injured" if match.group("d") else ("any" if word.lower().startswith("casualt") else casualty_kind(word))
        if match.group("c") and "loss" in cue.lower():
            kind = "killed"
        zero.append((kind, match.group(0).strip()))
    return zero


def some_casualties(text: str) -> tuple[tuple[str, str], ...]:
    """Casualties stated without a figure ("several were hurt"), as (kind, surface)."""
    return tuple((casualty_kind(match.group("k")), match.group(0).strip()) for match in _SOME_CASUALTIES.finditer(text))
