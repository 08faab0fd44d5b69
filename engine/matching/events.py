"""Are two articles about the same event? Their mean passage vectors, the names they share, where they report from."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from engine.lexicon import CALENDAR_WORDS_AND_ABBREVIATIONS
from engine.matching.text.spelling import fuzzy_overlap
from engine.matching.text.tokens import content_tokens
from engine.matching.types import ArticleDoc, Vector
from engine.matching.vector_index import mean_vector

# Two articles whose mean passage vectors are this close report one event, so slot clashes need less overlap.
SAME_EVENT_ARTICLE_COSINE = 0.6
# Mean vectors of any two conflict reports are fairly close; sharing place and group names settles it.
SAME_EVENT_WITH_NAMES_COSINE = 0.35
SAME_EVENT_SHARED_NAMES = 2

_NAME = re.compile(r"\b[A-Z][\w'\u2019-]{3,}")


def article_names(article: ArticleDoc) -> frozenset[str]:
    """Folded capitalised words of title and body: places, groups and people the article is about."""
    text = article.title + ". " + article.body
    names = {token for name in _NAME.findall(text) for token in content_tokens(name)}
    return frozenset(name for name in names if name not in CALENDAR_WORDS_AND_ABBREVIATIONS and len(name) >= 4)


def same_event(article: ArticleDoc, other: ArticleDoc) -> bool:
    own_vector, other_vector = article_vector(article), article_vector(other)
    if own_vector is None or other_vector is None:
        return False
    cosine = float(np.dot(own_vector, other_vector))
    if cosine >= SAME_EVENT_ARTICLE_COSINE:
        return True
    # Shared names alone also join two stories from one province in one week; the place a report is about
    # (its dateline town, or the name it repeats most) must appear in the other report too.
    return (
        cosine >= SAME_EVENT_WITH_NAMES_COSINE
        and fuzzy_overlap(article_names(article), article_names(other)) >= SAME_EVENT_SHARED_NAMES
        and (_mentions(other, main_place(article)) or _mentions(article, main_place(other)))
    )


_DATELINE = re.compile(r"^\s*([A-Z][A-Z'\u2019 -]{2,})(?:,|\s[\u2014-])", re.MULTILINE)


def main_place(article: ArticleDoc) -> str | None:
    """The dateline town, else the proper name the article repeats most (folded), else None."""
    dateline = _DATELINE.search(article.body)
    if dateline:
        folded = content_tokens(dateline.group(1).title())
        if folded:
            return folded[0]
    counts = Counter(
        token
        for name in _NAME.findall(article.body)
        for token in content_tokens(name)
        if token not in CALENDAR_WORDS_AND_ABBREVIATIONS
    )
    named = [(count, token) for token, count in counts.items() if not token.isdigit()]
    return max(named)[1] if named else None


def _mentions(article: ArticleDoc, place: str | None) -> bool:
    if place is None:
        return True  # nothing to check against: keep the names evidence
    return fuzzy_overlap(article_names(article), frozenset({place})) >= 1


def article_vector(article: ArticleDoc) -> Vector | None:
    """Normalised mean of the passage vectors: the article's position for retrieval and same-event checks."""
    if not article.passages:
        return None
    return mean_vector(np.stack([passage.vector for passage in article.passages]))
