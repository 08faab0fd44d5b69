"""Outcome words of an event and the side they take ("collapsed" vs "intact", "acquitted" vs "convicted")."""

from __future__ import annotations

from engine.lexicon import CONTRACTED_NEGATIONS, NEGATIONS, OUTCOMES

# Every outcome word: negations in front of them are already compared as outcomes.
OUTCOME_WORDS = frozenset(word for _, first, second in OUTCOMES for word in first | second)


def outcome_mentions(words: list[str], lowered: list[str]) -> list[tuple[str, int, str]]:
    """(aspect, side 0/1, word as written) for each outcome word; a negation up to three words before flips it."""
    outcomes: list[tuple[str, int, str]] = []
    for index, word in enumerate(lowered):
        for aspect, one_side, other_side in OUTCOMES:
            side = 0 if word in one_side else 1 if word in other_side else -1
            if side < 0:
                continue
            negated = any(
                previous in NEGATIONS or previous in CONTRACTED_NEGATIONS
                for previous in lowered[max(0, index - 3) : index]
            )
            outcomes.append((aspect, 1 - side if negated else side, words[index]))
    return outcomes
