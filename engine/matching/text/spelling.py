"""Spelling-variant matching of tokens: transliterations and British/American spellings count as the same word."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache


def tokens_match(left: str, right: str) -> bool:
    """Equal, or a close spelling variant of a longer word (transliterations, British/American spelling)."""
    if left == right:
        return True
    if left.isdigit() or right.isdigit() or min(len(left), len(right)) < 5:
        return False
    return _similar_spelling(left, right)


@lru_cache(maxsize=131072)
def _similar_spelling(left: str, right: str) -> bool:
    return left[0] == right[0] and jaro_winkler(left, right) >= 0.92


def jaro_winkler(left: str, right: str, prefix_weight: float = 0.1) -> float:
    """Jaro-Winkler similarity: tolerant of the doubled or swapped letters transliterations differ by."""
    if left == right:
        return 1.0
    window = max(0, max(len(left), len(right)) // 2 - 1)
    left_matched = [False] * len(left)
    right_matched = [False] * len(right)
    matches = 0
    for i, ch in enumerate(left):
        for j in range(max(0, i - window), min(len(right), i + window + 1)):
            if not right_matched[j] and right[j] == ch:
                left_matched[i] = right_matched[j] = True
                matches += 1
                break
    if matches == 0:
        return 0.0
    left_order = [ch for ch, matched in zip(left, left_matched, strict=True) if matched]
    right_order = [ch for ch, matched in zip(right, right_matched, strict=True) if matched]
    transpositions = sum(a != b for a, b in zip(left_order, right_order, strict=True)) / 2
    jaro = (matches / len(left) + matches / len(right) + (matches - transpositions) / matches) / 3
    prefix = 0
    for a, b in zip(left[:4], right[:4], strict=False):
        if a != b:
            break
        prefix += 1
    return jaro + prefix * prefix_weight * (1 - jaro)


def fuzzy_overlap(left: Iterable[str], right: Iterable[str]) -> int:
    """How many distinct tokens of `left` have an equal or near-equal token in `right`."""
    left_set, right_set = set(left), set(right)
    exact = left_set & right_set
    count = len(exact)
    # Only long, unmatched words can be spelling variants; group them by initial to skip hopeless pairs.
    by_initial: dict[str, list[str]] = {}
    for token in right_set - exact:
        if len(token) >= 5 and not token.isdigit():
            by_initial.setdefault(token[0], []).append(token)
    if not by_initial:
        return count
    for token in left_set - exact:
        candidates = by_initial.get(token[0], ()) if len(token) >= 5 and not token.isdigit() else ()
        if any(_similar_spelling(token, other) for other in candidates):
            count += 1
    return count
