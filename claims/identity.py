"""Which stored claim a re-analysed sentence is: the rule that keeps a claim's id (and URL) across re-analysis.

Exact text first, then near-identical text (a corrected typo, a changed quote mark); the distance between the
two positions breaks ties, so a sentence repeated in an article keeps each copy's own id. Deterministic: the same
inputs always give the same pairing, so a retried run keeps the same ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

# rapidfuzz's normalised Indel similarity (0-100). 90 keeps a sentence with a few characters changed
# ("14" -> "15 people", a fixed typo) and drops a different sentence about the same event.
NEAR_IDENTICAL = 90.0


@dataclass(frozen=True, slots=True)
class Span:
    """A claim's sentence: `key` is the stored claim's id, or the new sentence's index."""

    key: int
    start: int
    text: str


def match_spans(stored: Sequence[Span], fresh: Sequence[Span]) -> dict[int, int]:
    """Pair fresh sentences with stored claims: {fresh key: stored key}; each side is used at most once."""
    pairs: dict[int, int] = {}
    used: set[int] = set()

    def take(candidates: list[tuple[float, int, int, int, int]]) -> None:
        # Best first: highest similarity, then nearest position, then text order, then the older claim.
        for _, _, _, fresh_key, stored_key in sorted(candidates):
            if fresh_key not in pairs and stored_key not in used:
                pairs[fresh_key] = stored_key
                used.add(stored_key)

    by_text: dict[str, list[Span]] = {}
    for old in stored:
        by_text.setdefault(old.text, []).append(old)
    take(
        [
            (0.0, abs(new.start - old.start), new.start, new.key, old.key)
            for new in fresh
            for old in by_text.get(new.text, [])
        ]
    )
    rest_new = [new for new in fresh if new.key not in pairs]
    rest_old = [old for old in stored if old.key not in used]
    near: list[tuple[float, int, int, int, int]] = []
    for new in rest_new:
        for old in rest_old:
            similarity = fuzz.ratio(new.text, old.text, score_cutoff=NEAR_IDENTICAL)
            if similarity:
                near.append((-similarity, abs(new.start - old.start), new.start, new.key, old.key))
    take(near)
    return pairs
