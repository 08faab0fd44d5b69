"""Evidence suggestions: for each claim of an article, the passages of other articles that bear on it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.matching.calibration import load_calibration
from engine.matching.facts import MONTHS
from engine.matching.lsh import mean_vector
from engine.matching.normalise import content_tokens, find_acronyms, fuzzy_overlap, main_armed_group
from engine.matching.pairs import PairInput, judge_batch
from engine.matching.types import ArticleDoc, ClaimDoc, PairJudgement, Relation, Suggestion, Vector

# Only the passages nearest each claim in embedding space are judged in full: the rules are the slow part.
CANDIDATES_PER_ARTICLE = 3
CANDIDATES_PER_CLAIM = 24
CANDIDATE_COSINE_FLOOR = 0.2
# The fine-tuned cross-encoder ensemble (on 2 cores, both reading orders: ~100 pairs/s in bfloat16 for a clear-cut
# pair, ~5 times slower for a close call that every member judges) reads only each claim's best screened candidates.
CROSS_ENCODED_PER_CLAIM = 5
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
    # Shared names alone also join two stories from one province in one week; the place a report is about
    # (its dateline town, or the name it repeats most) must appear in the other report too.
    return (
        cosine >= SAME_EVENT_WITH_NAMES_COSINE
        and fuzzy_overlap(article_names(article), article_names(other)) >= SAME_EVENT_SHARED_NAMES
        and (_mentions(other, main_place(article)) or _mentions(article, main_place(other)))
    )


_DATELINE = re.compile(r"^\s*([A-Z][A-Z'\u2019 -]{2,})(?:,|\s[\u2014-])", re.MULTILINE)


def main_place(article: ArticleDoc) -> str | None:
    """The dateline town, else the proper name the article repeats most (folded), else None."""
    dateline = _DATELINE.search(article.body)
    if dateline:
        folded = content_tokens(dateline.group(1).title())
        if folded:
            return folded[0]
    counts = Counter(
        token for name in _NAME.findall(article.body) for token in content_tokens(name) if token not in _NOT_NAMES
    )
    named = [(count, token) for token, count in counts.items() if not token.isdigit()]
    return max(named)[1] if named else None


def _mentions(article: ArticleDoc, place: str | None) -> bool:
    if place is None:
        return True  # nothing to check against: keep the names evidence
    return fuzzy_overlap(article_names(article), frozenset({place})) >= 1


def article_vector(article: ArticleDoc) -> Vector | None:
    """Normalised mean of the passage vectors: the article's position for retrieval and same-event checks."""
    if not article.passages:
        return None
    return mean_vector(np.stack([passage.vector for passage in article.passages]))


def suggest_evidence(
    claims: Sequence[ClaimDoc],
    article: ArticleDoc,
    others: Sequence[ArticleDoc],
    *,
    per_claim: int = 5,
    cross_encoded_per_claim: int = CROSS_ENCODED_PER_CLAIM,
) -> list[Suggestion]:
    """Best passages of `others` per claim, best first; claims with nothing genuinely related get nothing.

    `cross_encoded_per_claim` bounds the cross-encoder's work (0 leaves every decision to the cheap screen).
    """
    if not claims or per_claim <= 0:
        return []
    sources = [other for other in others if other.key != article.key and other.passages]
    if not sources:
        return []
    calibration = load_calibration()
    own_acronyms = find_acronyms(article.title + ". " + article.body)
    claim_vectors = np.stack([claim.vector for claim in claims]).astype(np.float32)
    passages = [(source_index, passage) for source_index, other in enumerate(sources) for passage in other.passages]
    passage_vectors = np.stack([passage.vector for _, passage in passages]).astype(np.float32)
    owner = np.array([source_index for source_index, _ in passages])
    similarities = claim_vectors @ passage_vectors.T
    # Per source, only its nearest passages are candidates, so one long article cannot crowd out the rest.
    candidate_mask = np.zeros_like(similarities, dtype=bool)
    offset = 0
    for other in sources:
        width = len(other.passages)
        block = similarities[:, offset : offset + width]
        take = min(CANDIDATES_PER_ARTICLE, width)
        nearest = np.argpartition(-block, take - 1, axis=1)[:, :take]
        np.put_along_axis(candidate_mask[:, offset : offset + width], nearest, True, axis=1)
        offset += width
    candidate_mask &= similarities >= CANDIDATE_COSINE_FLOOR
    own_referent = main_armed_group(article.title + ". " + article.body)
    contexts = [
        _SourceContext(
            same_event(article, other),
            own_acronyms | find_acronyms(other.title + ". " + other.body),
            main_armed_group(other.title + ". " + other.body),
        )
        for other in sources
    ]

    candidates: list[tuple[int, int]] = []  # (claim row, passage column)
    for row in range(len(claims)):
        columns = np.flatnonzero(candidate_mask[row])
        if len(columns) > CANDIDATES_PER_CLAIM:
            columns = columns[np.argsort(-similarities[row, columns])[:CANDIDATES_PER_CLAIM]]
        candidates += [(row, column) for column in columns.tolist()]
    inputs = []
    for row, column in candidates:
        other, context = sources[int(owner[column])], contexts[int(owner[column])]
        inputs.append(
            PairInput(
                claims[row].text,
                passages[column][1].text,
                float(similarities[row, column]),
                date_a=article.published,
                date_b=other.published,
                acronyms=context.acronyms,
                same_event=context.same_event,
                score_unrelated=False,
                referent_a=own_referent,
                referent_b=context.referent,
                group=row,
            )
        )
    judgements = judge_batch(inputs, calibration=calibration, cross_encoded_per_group=cross_encoded_per_claim)

    ranked: dict[int, list[tuple[int, float, Suggestion]]] = {}
    for (row, column), judgement in zip(candidates, judgements, strict=True):
        source_index = int(owner[column])
        if judgement.relation is None:
            continue
        if (
            judgement.relation == Relation.CONTRADICTS
            and not contexts[source_index].same_event
            and float(similarities[row, column]) < calibration.contradiction_cosine
        ):
            # Across different events a clash of loosely similar sentences is two incidents, not a
            # contradiction: "No one was killed" (a warehouse fire) against "14 were killed" (a flood).
            continue
        suggestion = Suggestion(
            claim_key=claims[row].key,
            article_key=sources[source_index].key,
            passage_key=passages[column][1].key,
            score=round(judgement.similarity, 4),
            relation=judgement.relation,
            differences=judgement.differences,
            earlier_report=judgement.earlier_report,
        )
        ranked.setdefault(row, []).append((_tier(judgement), -judgement.similarity, suggestion))
    suggestions: list[Suggestion] = []
    for row in range(len(claims)):
        best = sorted(ranked.get(row, []), key=lambda item: (item[0], item[1]))[:per_claim]
        suggestions.extend(suggestion for _, _, suggestion in best)
    return suggestions


@dataclass(frozen=True, slots=True)
class _SourceContext:
    same_event: bool
    acronyms: dict[str, str]
    referent: str | None


def _tier(judgement: PairJudgement) -> int:
    """Rank order for a reviewer: clashes, then confirmations, then older reports of the fact, then context."""
    if judgement.relation == Relation.CONTRADICTS:
        return 0
    if judgement.relation == Relation.SUPPORTS and not judgement.earlier_report:
        return 1
    if judgement.same_fact:
        return 2
    return 3
