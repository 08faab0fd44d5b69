"""Split news text into sentences with exact character offsets.

pysbd does the sentence-boundary work inside each line; around it we add what news text needs: every line break
is a boundary (headlines, captions, list items and bylines sit on lines of their own), offsets are recovered by
aligning non-whitespace characters (pysbd's own spans drift on some inputs), a few of pysbd's mistakes are
repaired, and long runs are fed to pysbd in bounded chunks because its cost grows faster than linearly.

spaCy's boundaries were checked against these on the tricky-case table (benchmarks/RESULTS.md, "Attribution"): they
get 13 of 16 right against 16, split inside quotations and cost 10-20x more per sentence, so pysbd keeps this job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from engine.extraction.types import Sentence
from engine.lexicon import ABBREVIATED_TITLES, MONTH_ABBREVIATIONS

if TYPE_CHECKING:
    import pysbd

# pysbd takes ~10 s on a 50,000-character paragraph but milliseconds on 2,000 characters.
PYSBD_CHUNK_CHARS = 2_000
# Longer "sentences" are almost always lists or text without punctuation; nobody reviews a 1,000-character claim.
MAX_SENTENCE_CHARS = 1_000
# Size of the pieces an over-long run is cut into.
PIECE_CHARS = 400

# A headline or a short note without a full stop is normal; a long text without any is not.
_NO_PUNCTUATION_TOLERANCE = 200
_RUN_BREAKS = re.compile(r"[.!?…。！？\n]")
_LINE = re.compile(r"[^\n]+")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?…。！？]")
_NON_SPACE = re.compile(r"\S")
# A likely boundary inside an over-long run: terminal punctuation, optional closing quote, space, capital.
_LIKELY_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_TRAILING_TITLE = re.compile(r"(?:^|[\s(\"“])([A-Za-z]{1,6})\.$")
_TRAILING_INITIAL = re.compile(r"(?:^|[\s(\"“])[A-Z]\.$")
_ABBREVIATION_THEN_NEW_SENTENCE = re.compile(
    r"\b((?:D\.C|U\.S|U\.K|U\.N|E\.U)\.)\s+(?=(?:He|She|It|They|We|I|The|This|That|But|Its|His|Her)\s)"
)
_CLOCK_ABBREVIATION = re.compile(r"\b[ap]\.m\.$")
_TIME_ZONE = re.compile(r"^[A-Z]{1,5}[.)]?$")
_ONLY_CLOSERS = re.compile(r"^[\"'”’)\]»]+$")


@dataclass(slots=True)
class SplitReport:
    sentences: list[Sentence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences whose `text` is exactly `source[start:end]`."""
    return split_with_report(text).sentences


def split_with_report(text: str) -> SplitReport:
    """Split `text` and describe anything unusual that a reviewer should know about the result."""
    report = SplitReport()
    if not text or not text.strip():
        report.warnings.append("The text is empty; there is nothing to analyse.")
        return report
    report.warnings.extend(text_warnings(text))
    has_punctuation = _SENTENCE_PUNCTUATION.search(text) is not None
    for line in _LINE.finditer(text):
        start, end = _strip_span(text, line.start(), line.end())
        if start >= end:
            continue
        spans = _split_line(text, start, end) if has_punctuation else [(start, end)]
        for span_start, span_end in spans:
            if span_end - span_start > MAX_SENTENCE_CHARS:
                pieces = _cut_by_length(text, span_start, span_end)
            else:
                pieces = [(span_start, span_end)]
            report.sentences.extend(Sentence(s, e, text[s:e]) for s, e in pieces)
    return report


def text_warnings(text: str) -> list[str]:
    """Describe what about `text` makes the split less trustworthy, in words a reviewer understands."""
    if not text or not text.strip():
        return ["The text is empty; there is nothing to analyse."]
    warnings: list[str] = []
    if _SENTENCE_PUNCTUATION.search(text) is None:
        if "\n" in text.strip() or len(text) > _NO_PUNCTUATION_TOLERANCE:
            warnings.append("The text has no sentence punctuation; it was split on line breaks and length.")
        return warnings
    longest_run = max(len(run.strip()) for run in _RUN_BREAKS.split(text))
    if longest_run > MAX_SENTENCE_CHARS:
        warnings.append(f"A {longest_run:,}-character run without sentence breaks was cut into pieces.")
    return warnings


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for chunk_start, chunk_end in _chunks(text, start, end):
        spans.extend(_pysbd_spans(text, chunk_start, chunk_end))
    return _repair(text, spans)


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a long line into pysbd-sized chunks, preferably at likely sentence boundaries."""
    chunks: list[tuple[int, int]] = []
    while end - start > PYSBD_CHUNK_CHARS:
        limit = start + PYSBD_CHUNK_CHARS
        cut = -1
        for match in _LIKELY_BOUNDARY.finditer(text, start + PYSBD_CHUNK_CHARS // 2, limit):
            if not _ends_with_abbreviation(text[max(start, match.start() - 12) : match.start() + 1]):
                cut = match.end()
        if cut < 0:
            cut = _last_space_before(text, start, limit)
        chunks.append(_strip_span(text, start, cut))
        start, end = _strip_span(text, cut, end)
    if start < end:
        chunks.append((start, end))
    return chunks


def _ends_with_abbreviation(fragment: str) -> bool:
    words = fragment.split()
    if not words:
        return False
    word = words[-1].strip("\"'“‘(")
    bare = word.rstrip(".").lower()
    return len(bare) <= 1 or "." in bare or bare in ABBREVIATED_TITLES or bare in MONTH_ABBREVIATIONS


def _last_space_before(text: str, start: int, limit: int) -> int:
    position = text.rfind(" ", start + 1, limit)
    if position <= start:
        return limit  # an unbroken token: a hard cut is the only option
    return position


def _pysbd_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    chunk = text[start:end]
    try:
        segments: list[str] = [str(s) for s in _segmenter().segment(chunk)]
    except Exception:  # pysbd raises on odd inputs (e.g. some unicode); one sentence beats a crash
        return [(start, end)]
    return _align(text, start, end, segments)


def _align(text: str, start: int, end: int, segments: list[str]) -> list[tuple[int, int]]:
    """Map segment strings back to offsets by counting non-whitespace characters, which pysbd keeps intact."""
    positions = [m.start() for m in _NON_SPACE.finditer(text, start, end)]
    counts = [sum(1 for ch in segment if not ch.isspace()) for segment in segments]
    if sum(counts) != len(positions) or "".join("".join(s.split()) for s in segments) != "".join(
        text[p] for p in positions
    ):
        return [(start, end)]  # pysbd changed the text; keeping the chunk whole is safe
    spans: list[tuple[int, int]] = []
    consumed = 0
    for count in counts:
        if count == 0:
            continue
        first = positions[consumed]
        last = positions[consumed + count - 1]
        spans.append((first, last + 1))
        consumed += count
    return spans


def _repair(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge pieces pysbd split wrongly (titles, initials, lowercase starts, lone closing quotes), split missed ends."""
    repaired: list[tuple[int, int]] = []
    for start, end in _split_after_place_abbreviations(text, spans):
        if repaired and _continues_previous(text[repaired[-1][0] : repaired[-1][1]], text[start:end]):
            repaired[-1] = (repaired[-1][0], end)
        else:
            repaired.append((start, end))
    return repaired


def _split_after_place_abbreviations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # pysbd never ends a sentence on "D.C." or "U.S."; before a pronoun or article a new sentence has started.
    result: list[tuple[int, int]] = []
    for start, end in spans:
        for match in _ABBREVIATION_THEN_NEW_SENTENCE.finditer(text, start, end):
            result.append((start, match.end(1)))
            start = match.end()
        result.append((start, end))
    return result


def _continues_previous(previous: str, current: str) -> bool:
    if _ONLY_CLOSERS.match(current):
        return True
    if _CLOCK_ABBREVIATION.search(previous) and _TIME_ZONE.match(current):
        return True
    first = current.lstrip("\"'“‘(")[:1]
    if first.islower():
        return True
    title = _TRAILING_TITLE.search(previous[-12:])
    if title and title.group(1).lower() in ABBREVIATED_TITLES:
        return True
    return bool(_TRAILING_INITIAL.search(previous[-4:])) and first.isupper()


def _cut_by_length(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    while end - start > PIECE_CHARS:
        cut = _last_space_before(text, start, start + PIECE_CHARS)
        piece = _strip_span(text, start, cut)
        if piece[0] < piece[1]:
            pieces.append(piece)
        start, end = _strip_span(text, cut, end)
    if start < end:
        pieces.append((start, end))
    return pieces
