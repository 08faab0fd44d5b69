"""Pair features: the MiniLM cosine plus lexical evidence that embeddings blur (names, figures, wording)."""

from __future__ import annotations

import difflib
import itertools
import math
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

from engine.matching.text.acronyms import expand_acronyms
from engine.matching.text.spelling import fuzzy_overlap
from engine.matching.text.tokens import content_tokens, fold, tokens

FEATURE_NAMES: tuple[str, ...] = (
    "cosine",
    "cosine_squared",
    "content_jaccard",
    "containment_min",
    "containment_max",
    "ngram_overlap",
    "char_trigram_cosine",
    "length_ratio",
    "numbers_agree",
    "numbers_disagree",
    "names_overlap",
    "names_missing",
    "log_length",
    "unmatched_a",
    "unmatched_b",
    "unmatched_max",
    "unmatched_total",
    "token_sequence_ratio",
    "numbers_identical",
    "bigram_containment",
    "length_difference",
)


@lru_cache(maxsize=32768)
def _char_trigrams(text: str) -> Counter[str]:
    folded = " " + " ".join(tokens(text)) + " "
    return Counter(folded[index : index + 3] for index in range(len(folded) - 2))


@lru_cache(maxsize=32768)
def _trigram_norm(text: str) -> float:
    return math.sqrt(sum(v * v for v in _char_trigrams(text).values()))


def trigram_cosine(left: str, right: str) -> float:
    a = _char_trigrams(left)
    b = _char_trigrams(right)
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(count * b[gram] for gram, count in a.items() if gram in b)
    norm = _trigram_norm(left) * _trigram_norm(right)
    return dot / norm if norm else 0.0


@lru_cache(maxsize=32768)
def _ngrams(words: tuple[str, ...]) -> tuple[Counter[tuple[str, ...]], ...]:
    return tuple(Counter(zip(*(words[offset:] for offset in range(size)), strict=False)) for size in (1, 2, 3))


def _ngram_overlap(left: tuple[str, ...], right: tuple[str, ...]) -> float:
    """A symmetric BLEU-like score: geometric mean of 1- to 3-gram overlap ratios."""
    if not left or not right:
        return 0.0
    scores: list[float] = []
    for grams_left, grams_right in zip(_ngrams(left), _ngrams(right), strict=True):
        total = min(sum(grams_left.values()), sum(grams_right.values()))
        if total == 0:
            break
        if len(grams_left) > len(grams_right):
            grams_left, grams_right = grams_right, grams_left
        shared = sum(min(count, grams_right[gram]) for gram, count in grams_left.items() if gram in grams_right)
        scores.append((shared + 0.1) / (total + 0.1))
    return math.exp(sum(math.log(score) for score in scores) / len(scores)) if scores else 0.0


@lru_cache(maxsize=32768)
def _names(text: str) -> frozenset[str]:
    """Capitalised words not at the start of the text: names, places, organisations, acronyms."""
    words = text.split()
    found: set[str] = set()
    for index, word in enumerate(words):
        stripped = word.strip(".,;:!?\"'()[]")
        if index > 0 and stripped[:1].isupper():
            found.update(content_tokens(stripped))
    return frozenset(found)


def _numbers(text_tokens: tuple[str, ...]) -> set[str]:
    return {token for token in text_tokens if token[:1].isdigit()}


def pair_features(text_a: str, text_b: str, cosine: float, acronyms: Mapping[str, str] | None = None) -> list[float]:
    acronyms = acronyms or {}
    all_a = expand_acronyms(tokens(text_a), acronyms)
    all_b = expand_acronyms(tokens(text_b), acronyms)
    content_a = expand_acronyms(content_tokens(text_a), acronyms)
    content_b = expand_acronyms(content_tokens(text_b), acronyms)
    set_a, set_b = set(content_a), set(content_b)
    shared = fuzzy_overlap(set_a, set_b) if set_a and set_b else 0
    union = len(set_a) + len(set_b) - shared
    jaccard = shared / union if union else 0.0
    containment_min = shared / len(set_a) if set_a else 0.0
    containment_max = shared / len(set_b) if set_b else 0.0
    if containment_min > containment_max:
        containment_min, containment_max = containment_max, containment_min
    length_a, length_b = len(all_a), len(all_b)
    length_ratio = min(length_a, length_b) / max(length_a, length_b, 1)
    numbers_a, numbers_b = _numbers(all_a), _numbers(all_b)
    numbers_agree = 0.0
    numbers_disagree = 0.0
    if numbers_a or numbers_b:
        overlap = len(numbers_a & numbers_b)
        numbers_agree = overlap / max(len(numbers_a | numbers_b), 1)
        numbers_disagree = float(bool(numbers_a ^ numbers_b))
    names_a = set(expand_acronyms(tuple(_names(text_a)), acronyms))
    names_b = set(expand_acronyms(tuple(_names(text_b)), acronyms))
    names_overlap = 0.0
    names_missing = 0.0
    if names_a or names_b:
        names_shared = fuzzy_overlap(names_a, set_b) + fuzzy_overlap(names_b, set_a)
        names_total = len(names_a) + len(names_b)
        names_overlap = names_shared / names_total
        names_missing = float(names_total - names_shared)
    # Words one sentence says and the other does not: MRPC's non-paraphrases mostly add or drop a detail.
    unmatched_a = len(set_a) - shared
    unmatched_b = len(set_b) - fuzzy_overlap(set_b, set_a)
    bigrams_a, bigrams_b = set(itertools.pairwise(all_a)), set(itertools.pairwise(all_b))
    bigram_containment = len(bigrams_a & bigrams_b) / max(1, min(len(bigrams_a), len(bigrams_b)))
    return [
        cosine,
        cosine * cosine,
        jaccard,
        containment_min,
        containment_max,
        _ngram_overlap(all_a, all_b),
        trigram_cosine(fold(text_a), fold(text_b)),
        length_ratio,
        numbers_agree,
        numbers_disagree,
        names_overlap,
        min(names_missing, 6.0) / 6.0,
        math.log1p(max(length_a, length_b)) / 5.0,
        min(unmatched_a, 8) / 8,
        min(unmatched_b, 8) / 8,
        min(max(unmatched_a, unmatched_b), 8) / 8,
        min(unmatched_a + unmatched_b, 12) / 12,
        difflib.SequenceMatcher(None, all_a, all_b, autojunk=False).ratio(),
        float(bool(numbers_a or numbers_b) and numbers_a == numbers_b),
        bigram_containment,
        abs(length_a - length_b) / max(length_a, length_b, 1),
    ]
