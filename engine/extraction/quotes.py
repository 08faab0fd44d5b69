"""How much of a sentence sits inside quotation marks.

spaCy marks quotation-mark tokens (`is_quote`) but pairs nothing, so a span is still found here, by the marks:
- double marks ("...", “...”, „...“, «...») and curly single marks (‘...’), as American and British pages print
  quotations;
- straight single marks ('...'), as British tabloids print them, told apart from apostrophes by what surrounds them:
  an opening mark follows a space, a colon or a bracket, a closing one is followed by a space or punctuation, and an
  apostrophe inside a word ("couldn't") is part of the quotation, not its end;
- a quotation that runs over several sentences: the sentence that opens it without closing it ("He said: 'When I
  came round I felt groggy ...") is quoted from its opening mark on, and the one that closes it without opening it
  ("... it stuck to my chest.'") up to its closing mark.
"""

from __future__ import annotations

import re

_MIN_QUOTED = 12
_DOUBLE_SPAN = re.compile(r"[\"“„«]([^\"“”„«»]{12,})[\"”»]")
_CURLY_SINGLE_SPAN = re.compile(r"‘((?:[^‘’]|(?<=\w)’(?=\w)){12,}?)’(?!\w)")
# A straight single mark opens after a space, a colon, a dash or a bracket (or at the start) and closes before a
# space, punctuation or the end; an apostrophe between two letters stays inside.
_STRAIGHT_SINGLE_SPAN = re.compile(r"(?:^|(?<=[\s:(\[—–-]))'((?:[^'\n]|(?<=\w)'(?=\w)){12,}?)'(?=[\s.,;:!?)\]—–-]|$)")
_OPENERS = "\"“„«‘'"
_OPENER_AFTER_COLON = re.compile(r":\s+([" + re.escape(_OPENERS) + r"])")
_CLOSERS = "\"”»’'"
# A closing mark that ends a quotation running over from the sentences before: right after the last word's
# punctuation, at the very end ("... to my chest.'", "... he said.”").
_CLOSING_TAIL = re.compile(r"[.!?,…]['’”\"»]\s*$")


def quoted_characters(text: str) -> int:
    """How many characters of `text` sit inside quotation marks (spans of at least 12 characters)."""
    spans = [
        match.span(1)
        for pattern in (_DOUBLE_SPAN, _CURLY_SINGLE_SPAN, _STRAIGHT_SINGLE_SPAN)
        for match in pattern.finditer(text)
    ]
    if not spans:
        spans = _running_quotation(text)
    covered: set[int] = set()
    for start, end in spans:
        covered.update(range(start, end))
    return len(covered)


def _running_quotation(text: str) -> list[tuple[int, int]]:
    """The part of a sentence inside a quotation that opens or closes in another sentence."""
    stripped = text.rstrip()
    opener = _first_opener(stripped)
    closes_here = _CLOSING_TAIL.search(stripped) is not None
    if opener is not None and not closes_here and len(stripped) - opener - 1 >= _MIN_QUOTED:
        return [(opener + 1, len(stripped))]
    if opener is None and closes_here and not any(mark in stripped[:-2] for mark in '"“”«»‘'):
        end = len(stripped) - 1
        return [(0, end)] if end >= _MIN_QUOTED else []
    return []


def _first_opener(text: str) -> int | None:
    """Where a quotation opens: at the start, or after a colon ("He said: 'When I came round ...")."""
    leading = len(text) - len(text.lstrip())
    if leading < len(text) and text[leading] in _OPENERS:
        return leading
    match = _OPENER_AFTER_COLON.search(text)
    return match.start(1) if match else None
