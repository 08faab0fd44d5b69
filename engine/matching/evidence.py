"""Evidence suggestions: for each claim of an article, the passages of other articles that bear on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.matching.calibration import load_calibration
from engine.matching.events import same_event
from engine.matching.pairs import PairInput, judge_batch
from engine.matching.text.acronyms import find_acronyms
from engine.matching.text.referents import main_armed_group
from engine.matching.types import ArticleDoc, ClaimDoc, PairJudgement, Relation, Suggestion
from engine.stance.thresholds import NEWS_THRESHOLDS, StanceThresholds

# Only the passages nearest each claim in embedding space are judged in full: the rules are the slow part.
CANDIDATES_PER_ARTICLE = 3
CANDIDATES_PER_CLAIM = 24
CANDIDATE_COSINE_FLOOR = 0.2
# The stance model (one MiniLM pass per pair, ~35 ms on one shared core) reads each claim's best screened candidates.
STANCE_PAIRS_PER_CLAIM = 8


def suggest_evidence(
    claims: Sequence[ClaimDoc],
    article: ArticleDoc,
    others: Sequence[ArticleDoc],
    *,
    per_claim: int = 5,
    stance_pairs_per_claim: int = STANCE_PAIRS_PER_CLAIM,
    thresholds: StanceThresholds = NEWS_THRESHOLDS,
    read_both_ways: bool | None = None,
    refutations: bool | None = None,
) -> list[Suggestion]:
    """Best passages of `others` per claim, best first; claims with nothing genuinely related get nothing.

    `stance_pairs_per_claim` bounds the stance model's work (0 leaves every pair to the screen, which calls nothing
    supports or contradicts); `thresholds` are the desk's stance cuts; `read_both_ways` (default
    engine.matching.pairs.READ_BOTH_WAYS) whether each pair is read both ways, at twice the model time; `refutations`
    (default engine.matching.pairs.REFUTATIONS) whether a denial in the passage's own words backs a clash.
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
    judgements = judge_batch(
        inputs,
        calibration=calibration,
        stance_pairs_per_group=stance_pairs_per_claim,
        thresholds=thresholds,
        read_both_ways=read_both_ways,
        refutations=refutations,
    )

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
            score=round(_confidence(judgement), 4),
            relation=judgement.relation,
            differences=judgement.differences,
            earlier_report=judgement.earlier_report,
            update=judgement.update,
            probabilities=dict(judgement.probabilities or {}),
        )
        ranked.setdefault(row, []).append((_tier(judgement), -judgement.similarity, suggestion))
    suggestions: list[Suggestion] = []
    for row in range(len(claims)):
        best = sorted(ranked.get(row, []), key=lambda item: (item[0], item[1]))[:per_claim]
        suggestions.extend(suggestion for _, _, suggestion in best)
    return suggestions


def _confidence(judgement: PairJudgement) -> float:
    """What a reviewer is shown beside the suggestion: the stance model's probability of the suggested relation.

    Not the ranking score: that adds p(supports) and p(contradicts) (how much the report bears on the claim) and,
    with the two readings combined, can pass 1. A pair the model did not read shows the screen's similarity.
    """
    if judgement.probabilities and judgement.relation is not None:
        return float(judgement.probabilities.get(str(judgement.relation), 0.0))
    return min(1.0, max(0.0, judgement.similarity))


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
