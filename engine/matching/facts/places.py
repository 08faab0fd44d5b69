"""Place names a sentence puts events in: capitalised words after "in", "at", "near", "outside"."""

from __future__ import annotations

from engine.lexicon import CALENDAR_WORDS_AND_ABBREVIATIONS, PLACE_PREPOSITIONS
from engine.matching.text.tokens import fold

_NOT_PLACES = CALENDAR_WORDS_AND_ABBREVIATIONS | {"the", "a", "an"}


def place_mentions(words: list[str], lowered: list[str]) -> list[str]:
    """Up to three capitalised words after each place preposition, as written."""
    places: list[str] = []
    for index, word in enumerate(lowered[:-1]):
        if word in PLACE_PREPOSITIONS:
            place_words: list[str] = []
            for follower in words[index + 1 : index + 4]:
                # A single letter is a split abbreviation ("in U.S. Strike" reads "U", ".", "S"), never a place.
                if follower[:1].isupper() and len(follower) > 1 and fold(follower) not in _NOT_PLACES:
                    place_words.append(follower)
                else:
                    break
            if place_words:
                places.append(" ".join(place_words))
    return places
