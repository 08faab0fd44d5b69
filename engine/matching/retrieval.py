"""Which stored articles may report the same event as a new one: the names worth searching for, the cosine floors.

No database here: the Django side reads candidates (LSH buckets, full-text hits) and their stored vectors, then
asks this module which names are distinctive, which candidates share them and which are close enough to keep.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence

import numpy as np
import numpy.typing as npt

from engine.lexicon import CALENDAR_WORDS_AND_ABBREVIATIONS, STOPWORDS

# Same-event articles have mean-vector cosines of ~0.6-0.95; unrelated news mostly sits below ~0.45.
MIN_RELATED_COSINE = 0.5
MIN_RELATED_COSINE_WITH_NAMES = 0.35
DISTINCTIVE_TERMS = 8
# Another report of the event names at least this many of the distinctive names.
SHARED_TERMS = 2

_NAME = re.compile(r"\b[A-Z][a-zA-Z]{3,}\b")
_WORD = re.compile(r"[a-z]+")
_LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")
_MID_SENTENCE_NAME = re.compile(r"(?:(?<=[a-z0-9,;:] )|(?<=-))[A-Z][a-zA-Z]{3,}\b")
# Full-text query syntax must never reach the query: a term keeps only its letters.
_TSQUERY_UNSAFE = re.compile(r"[^a-zA-Z]")


def distinctive_terms(title: str, body: str, count: int = DISTINCTIVE_TERMS) -> list[str]:
    """Names in the title and body, most frequent first: what another report of the event mentions too."""
    text = f"{title}. {title}. {body[:4000]}"
    # A name is capitalised mid-sentence somewhere and never written in lower case: "Residents" opening a
    # sentence, or "Attack" in a headline, are ordinary words that would match the whole archive.
    lower_case = set(_LOWER_WORD.findall(text))
    mid_sentence = {name.lower() for name in _MID_SENTENCE_NAME.findall(text)}
    names = Counter(
        cleaned
        for name in _NAME.findall(text)
        if (cleaned := _TSQUERY_UNSAFE.sub("", name).lower())
        and cleaned in mid_sentence
        and cleaned not in lower_case
        and cleaned not in STOPWORDS
        and cleaned not in CALENDAR_WORDS_AND_ABBREVIATIONS
    )
    return [name for name, _ in names.most_common(count)]


def shares_terms(terms: Sequence[str], title: str, body: str) -> bool:
    """Does an article's text name at least two of `terms` (without a full-text index)?"""
    words = set(_WORD.findall(f"{title} {body}".lower()))
    return sum(term in words for term in terms) >= SHARED_TERMS


def borderline_keys(keys: Sequence[int], scores: npt.NDArray[np.float32]) -> list[int]:
    """Candidates too far for the vector alone but close enough if they share the distinctive names."""
    return [
        key
        for key, score in zip(keys, scores.tolist(), strict=True)
        if MIN_RELATED_COSINE_WITH_NAMES <= score < MIN_RELATED_COSINE
    ]


def rank_related(
    keys: Sequence[int], scores: npt.NDArray[np.float32], sharing_names: Collection[int], limit: int
) -> list[int]:
    """Keys of the candidates close enough to the new article, best first, at most `limit`."""
    ranked: list[int] = []
    for index in np.argsort(-scores).tolist():
        # Sharing the distinctive names vouches for an article whose wording (vector) drifted further.
        floor = MIN_RELATED_COSINE_WITH_NAMES if keys[index] in sharing_names else MIN_RELATED_COSINE
        if scores[index] >= floor:
            ranked.append(keys[index])
            if len(ranked) == limit:
                break
    return ranked
