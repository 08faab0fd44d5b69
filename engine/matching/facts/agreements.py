"""Where two sentences agree: slot values both state alike (the same count of the same thing, the same outcome)."""

from __future__ import annotations

from engine.matching.facts.extract import Facts
from engine.matching.facts.numbers import numbers_aligned


def find_agreements(claim: Facts, passage: Facts) -> list[str]:
    """Slot values both texts state alike (the same count of the same thing, the same outcome)."""
    agreed: list[str] = []
    for number in claim.numbers:
        if any(numbers_aligned(number, other) and number.value == other.value for other in passage.numbers):
            agreed.append(number.surface)
    claim_zero = {kind for kind, _ in claim.zero_casualties}
    agreed.extend(surface for kind, surface in passage.zero_casualties if kind in claim_zero)
    claim_outcomes = {(aspect, side) for aspect, side, _ in claim.outcomes}
    agreed.extend(word for aspect, side, word in passage.outcomes if (aspect, side) in claim_outcomes)
    return agreed
