"""Same-origin detection: is article b a copy or rewrite of (part of) article a?

Two signals. Word 5-shingle containment catches verbatim and lightly edited copies. For rewrites with synonyms
swapped, shingles break, so passages are aligned instead: a pair counts as copied when the embeddings are near
identical, or close and still sharing much of the wording; the aligned pairs must then form a run in the same
order in both articles. Independent reports of one event share facts and the odd quoted sentence, but neither a
long ordered run of near-identical sentences nor many shingles, which is what keeps them apart.
"""

from __future__ import annotations

import numpy as np

from engine.matching.facts.differences import find_differences
from engine.matching.facts.extract import extract_facts
from engine.matching.features import trigram_cosine
from engine.matching.text.spelling import fuzzy_overlap
from engine.matching.text.tokens import content_tokens, tokens
from engine.matching.types import ArticleDoc, OriginJudgement

SHINGLE_SIZE = 5
COPY_COSINE = 0.93  # near-verbatim sentence
REWRITE_COSINE = 0.78  # a reworded sentence ...
REWRITE_LEXICAL = 0.5  # ... that still keeps half its wording
MIN_PASSAGE_TOKENS = 5  # datelines and one-word captions align with anything
# A copy or rewrite keeps its figures and its yes/no: aligned sentences that disagree on these are two reports.
FACT_SLOTS_A_COPY_KEEPS = frozenset({"number", "negation"})
MIN_RUN = 3
MIN_COVERAGE = 0.35
SHINGLE_CONTAINMENT_COPY = 0.5


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = tokens(text)
    return {words[index : index + SHINGLE_SIZE] for index in range(max(0, len(words) - SHINGLE_SIZE + 1))}


def shingle_containment(body_a: str, body_b: str) -> float:
    """Share of the smaller text's shingles found in the other: 1.0 for a verbatim excerpt."""
    shingles_a = _shingles(body_a)
    shingles_b = _shingles(body_b)
    smaller = min(len(shingles_a), len(shingles_b))
    if smaller == 0:
        return 0.0
    return len(shingles_a & shingles_b) / smaller


def _lexical(text_a: str, text_b: str) -> float:
    content_a = set(content_tokens(text_a))
    content_b = set(content_tokens(text_b))
    if not content_a or not content_b:
        return 0.0
    shared = fuzzy_overlap(content_a, content_b)
    jaccard = shared / (len(content_a) + len(content_b) - shared)
    return max(jaccard, trigram_cosine(text_a, text_b) - 0.15)


def _facts_disagree(text_a: str, text_b: str) -> bool:
    differences = find_differences(extract_facts(text_a), extract_facts(text_b), same_topic=True)
    return any(difference.slot in FACT_SLOTS_A_COPY_KEEPS for difference in differences)


def aligned_passages(a: ArticleDoc, b: ArticleDoc) -> list[tuple[int, int, float]]:
    """The longest in-order run of copied passage pairs, as (index in a, index in b, cosine)."""
    usable_a = [i for i, p in enumerate(a.passages) if len(tokens(p.text)) >= MIN_PASSAGE_TOKENS]
    usable_b = [j for j, p in enumerate(b.passages) if len(tokens(p.text)) >= MIN_PASSAGE_TOKENS]
    if not usable_a or not usable_b:
        return []
    vectors_a = np.stack([a.passages[i].vector for i in usable_a])
    vectors_b = np.stack([b.passages[j].vector for j in usable_b])
    similarities = vectors_a @ vectors_b.T
    rows, columns = np.nonzero(similarities >= REWRITE_COSINE)
    candidates: list[tuple[int, int, float]] = []
    for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
        cosine = float(similarities[row, column])
        i, j = usable_a[row], usable_b[column]
        text_a, text_b = a.passages[i].text, b.passages[j].text
        if (cosine >= COPY_COSINE or _lexical(text_a, text_b) >= REWRITE_LEXICAL) and not _facts_disagree(
            text_a, text_b
        ):
            candidates.append((i, j, cosine))
    if not candidates:
        return []
    # Heaviest chain increasing in both positions (quadratic in candidates, which stay few).
    candidates.sort()
    best = [candidate[2] for candidate in candidates]
    previous = [-1] * len(candidates)
    for index, (i, j, cosine) in enumerate(candidates):
        for earlier in range(index):
            earlier_i, earlier_j, _ = candidates[earlier]
            if earlier_i < i and earlier_j < j and best[earlier] + cosine > best[index]:
                best[index] = best[earlier] + cosine
                previous[index] = earlier
    cursor = int(np.argmax(best))
    chain: list[tuple[int, int, float]] = []
    while cursor >= 0:
        chain.append(candidates[cursor])
        cursor = previous[cursor]
    chain.reverse()
    return chain


def judge_origin(a: ArticleDoc, b: ArticleDoc) -> OriginJudgement:
    containment = shingle_containment(a.body, b.body)
    chain = aligned_passages(a, b)
    usable_a = sum(1 for p in a.passages if len(tokens(p.text)) >= MIN_PASSAGE_TOKENS)
    usable_b = sum(1 for p in b.passages if len(tokens(p.text)) >= MIN_PASSAGE_TOKENS)
    smaller = min(usable_a, usable_b)
    coverage = len(chain) / smaller if smaller else 0.0
    # Short articles cannot produce a run of three; for them every usable passage must line up.
    min_run = min(MIN_RUN, max(2, smaller))
    aligned = len(chain) >= min_run and coverage >= MIN_COVERAGE
    same_origin = aligned or containment >= SHINGLE_CONTAINMENT_COPY
    score = max(containment, coverage if len(chain) >= min_run else coverage * 0.5)
    passage_pairs = [(a.passages[i].key, b.passages[j].key) for i, j, _ in chain] if same_origin else []
    return OriginJudgement(score=round(min(1.0, score), 4), same_origin=same_origin, passage_pairs=passage_pairs)
