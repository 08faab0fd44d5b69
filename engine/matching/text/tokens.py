"""Folded, canonical tokens, so that spelling variants of one name and "three"/"3" compare equal.

Outlets spell the same name differently ("al-Shabaab"/"al-Shabab", "Kyiv"/"Kiev", "Qaddafi"/"Gaddafi") and add or
drop diacritics. Lexical features are computed on folded tokens so none of that reads as a difference between two
reports.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from engine.lexicon import NEGATIONS, NUMBER_WORDS, SPELLING_ALIASES, STOPWORDS

# Joiners inside names: removing them makes "al-Shabaab", "al Shabaab" (after alias) and "alShabaab" one token.
_JOINERS = re.compile(r"(?<=\w)[-\u2010\u2011\u2012\u2013'\u2019\u2018`\u02bc](?=\w)")
_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip diacritics and join hyphen/apostrophe-split names."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _JOINERS.sub("", stripped).lower()


def singular(word: str) -> str:
    """A plural's singular by its ending alone ("casualties" -> "casualty", "hours" -> "hour")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def canonical_token(token: str) -> str:
    token = SPELLING_ALIASES.get(token, token)
    if token.isdigit() or "," in token:
        return token.replace(",", "")
    number = NUMBER_WORDS.get(token)
    if number is not None:
        return str(number)
    return token


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Every folded, canonical token in order (stopwords kept), for n-gram overlap."""
    return tuple(canonical_token(token) for token in _TOKEN.findall(fold(text)))


@lru_cache(maxsize=65536)
def content_tokens(text: str) -> tuple[str, ...]:
    return tuple(token for token in tokens(text) if token not in STOPWORDS or token in NEGATIONS)
