"""Read every fact slot of a sentence at once: figures, casualties, dates, places, actors, outcomes, negations."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from engine.lexicon import NEGATIONS
from engine.matching.facts.actors import actor_mentions
from engine.matching.facts.casualties import some_casualties, zero_casualties
from engine.matching.facts.dates import DateMention, date_mentions, stated_date
from engine.matching.facts.negation import negation_phrases
from engine.matching.facts.numbers import WORD, NumberMention, number_mentions
from engine.matching.facts.outcomes import OUTCOME_WORDS, outcome_mentions
from engine.matching.facts.places import place_mentions
from engine.matching.text.tokens import content_tokens, fold


@dataclass(frozen=True, slots=True)
class Facts:
    numbers: tuple[NumberMention, ...]
    zero_casualties: tuple[tuple[str, str], ...]  # (kind: "killed"/"injured"/"any", surface)
    some_casualties: tuple[tuple[str, str], ...]
    dates: tuple[DateMention, ...]
    places: tuple[str, ...]
    actors: tuple[tuple[str, str], ...]  # (verb, actor as written)
    outcomes: tuple[tuple[str, int, str], ...]  # (aspect, side 0/1, word as written)
    negation_phrases: tuple[str, ...]  # "not resign on", one per negation cue not explained by another slot
    content: frozenset[str]
    words: tuple[str, ...]
    text: str


@lru_cache(maxsize=16384)
def extract_facts(text: str, reference: datetime.date | None = None) -> Facts:
    """The fact slots of `text`; dates without a year and relative dates are read against `reference`."""
    dates, date_spans = date_mentions(text, reference)
    numbers = number_mentions(text, date_spans)
    words = WORD.findall(text)
    lowered = [fold(word) for word in words]
    content = frozenset(
        token for token in content_tokens(text) if token not in NEGATIONS and token not in OUTCOME_WORDS
    )
    return Facts(
        numbers=tuple(numbers),
        zero_casualties=tuple(zero_casualties(text)),
        some_casualties=some_casualties(text),
        dates=tuple(dates),
        places=tuple(place_mentions(words, lowered)),
        actors=tuple(actor_mentions(words, lowered)),
        outcomes=tuple(outcome_mentions(words, lowered)),
        negation_phrases=negation_phrases(words, lowered),
        content=content,
        words=tuple(words),
        text=text,
    )


def text_date(facts: Facts) -> datetime.date | None:
    """The date a text itself states for its events, when it states one with a year."""
    return stated_date(facts.dates)
