"""Evidence suggestions: for each claim of an article, the passages of other articles that bear on it."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from claims.matching.calibration import load_calibration
from claims.matching.facts import MONTHS
from claims.matching.normalise import content_tokens, find_acronyms, fuzzy_overlap
from claims.matching.pairs import judge_with_cosine
from claims.matching.types import ArticleDoc, ClaimDoc, Suggestion, Vector

# Only the passages nearest each claim in embedding space are judged in full: the rules are the slow part.
CANDIDATES_PER_ARTICLE = 6
CANDIDATE_COSINE_FLOOR = 0.2
# Two articles whose mean passage vectors are this close report one event, so slot clashes need less overlap.
SAME_EVENT_ARTICLE_COSINE = 0.6
# Mean vectors of any two conflict reports are fairly close; sharing place and group names settles it.
SAME_EVENT_WITH_NAMES_COSINE = 0.35
SAME_EVENT_SHARED_NAMES = 2

_NAME = re.compile(r"\b[A-Z][\w'\u2019-]{3,}")
_NOT_NAMES = frozenset(MONTHS) | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def article_names(article: ArticleDoc) -> frozenset[str]:
    """Folded capitalised words of title and body: places, groups and people the article is about."""
    text = article.title + ". " + article.body
    names = {token for name in _NAME.findall(text) for token in content_tokens(name)}
    return frozenset(name for name in names if name not in _NOT_NAMES and len(name) >= 4)


def same_event(article: ArticleDoc, other: ArticleDoc) -> bool:
    own_vector, other_vector = article_vector(article), article_vector(other)
    if own_vector is None or other_vector is None:
        return False
    cosine = float(np.dot(own_vector, other_vector))
    if cosine >= SAME_EVENT_ARTICLE_COSINE:
        return True
    return (
        cosine >= SAME_EVENT_WITH_NAMES_COSINE
        and fuzzy_overlap(article_names(article), article_names(other)) >= SAME_EVENT_SHARED_NAMES
    )


def article_vector(article: ArticleDoc) -> Vector | None:
    """Normalised mean of the passage vectors: the article's position for retrieval and same-event checks."""
    if not article.passages:
        return None
    mean = np.mean(np.stack([passage.vector for passage in article.passages]), axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else None


def suggest_evidence(
    claims: Sequence[ClaimDoc], article: ArticleDoc, others: Sequence[ArticleDoc], *, per_claim: int = 5
) -> list[Suggestion]:
    """Best passages of `others` per claim, best first; claims with nothing genuinely related get nothing."""
    if not claims or per_claim <= 0:
        return []
    calibration = load_calibration()
    claim_vectors = np.stack([claim.vector for claim in claims]).astype(np.float32)
    own_acronyms = find_acronyms(article.title + ". " + article.body)
    found: dict[int, list[tuple[bool, float, Suggestion]]] = {claim.key: [] for claim in claims}
    for other in others:
        if other.key == article.key or not other.passages:
            continue
        one_event = same_event(article, other)
        acronyms = own_acronyms | find_acronyms(other.title + ". " + other.body)
        passage_vectors = np.stack([passage.vector for passage in other.passages]).astype(np.float32)
        similarities = claim_vectors @ passage_vectors.T
        take = min(CANDIDATES_PER_ARTICLE, len(other.passages))
        nearest = np.argpartition(-similarities, take - 1, axis=1)[:, :take]
        for row, claim in enumerate(claims):
            for column in nearest[row].tolist():
                cosine = float(similarities[row, column])
                if cosine < CANDIDATE_COSINE_FLOOR:
                    continue
                passage = other.passages[column]
                judgement = judge_with_cosine(
                    claim.text,
                    passage.text,
                    cosine,
                    date_a=article.published,
                    date_b=other.published,
                    acronyms=acronyms,
                    same_event=one_event,
                    calibration=calibration,
                )
                if judgement.relation is None:
                    continue
                suggestion = Suggestion(
                    claim_key=claim.key,
                    article_key=other.key,
                    passage_key=passage.key,
                    score=round(judgement.similarity, 4),
                    relation=judgement.relation,
                    differences=judgement.differences,
                    earlier_report=judgement.earlier_report,
                )
                found[claim.key].append((judgement.same_fact, judgement.similarity, suggestion))
    suggestions: list[Suggestion] = []
    for claim in claims:
        # Same-fact evidence (supporting or contradicting) outranks passages that are merely on topic.
        ranked = sorted(found[claim.key], key=lambda item: (item[0], item[1]), reverse=True)
        suggestions.extend(suggestion for _, _, suggestion in ranked[:per_claim])
    return suggestions
