"""Bare negations ("did not resign") that no other fact slot explains, as short phrases to compare."""

from __future__ import annotations

from engine.lexicon import (
    AUXILIARIES,
    CONTRACTED_NEGATIONS,
    HEDGING_HEADS,
    INJURED_WORDS,
    KILLED_WORDS,
    NEGATIONS,
    STOPWORDS,
)
from engine.matching.facts.outcomes import OUTCOME_WORDS


def negation_phrases(words: list[str], lowered: list[str]) -> tuple[str, ...]:
    """ "not resign on", one per negation cue that neither another slot nor a reporting caveat explains."""
    # A negation that flips an outcome word ("not damaged") or states zero casualties ("no injuries") is
    # already compared slot by slot; counting it again would call "undamaged" vs "not damaged" a clash.
    explained = {
        index
        for index, word in enumerate(lowered)
        if word in OUTCOME_WORDS or word in KILLED_WORDS or word in INJURED_WORDS or word in {"one", "body", "nobody"}
    }
    return tuple(
        " ".join(words[index : index + 3])
        for index, word in enumerate(lowered)
        if (word in NEGATIONS or word in CONTRACTED_NEGATIONS)
        and word != "without"  # "without her consent" adds a detail; it does not deny the sentence
        and not any(index < other <= index + 3 for other in explained)
        and _negated_head(lowered, index) not in HEDGING_HEADS
    )


def _negated_head(lowered: list[str], index: int) -> str:
    """The word a negation applies to: "did not resign" gives "resign"."""
    for word in lowered[index + 1 : index + 5]:
        if word not in AUXILIARIES and word not in STOPWORDS and word not in {"be", "been"}:
            return word
    return ""
