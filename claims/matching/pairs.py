"""Judge one claim/passage pair: calibrated similarity, relation and the differing slot values."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from claims.matching.calibration import Calibration, load_calibration
from claims.matching.embedder import load_embedder
from claims.matching.facts import (
    MAX_REPORT_GAP_DAYS,
    Facts,
    extract_facts,
    find_agreements,
    find_differences,
    text_date,
)
from claims.matching.features import pair_features
from claims.matching.normalise import find_acronyms, resolve_descriptors
from claims.matching.types import PairJudgement, Relation, Vector

# Inside one event (articles already found to be about it) a slot clash needs only this much topical overlap:
# "No injuries were reported." and "Three guards were hurt." share few words and little embedding mass.
SAME_EVENT_CONTRADICTION_COSINE = 0.2
# Inside one event, independent wording of the same fact often sits just under the general topic threshold.
SAME_EVENT_RELATED_COSINE = 0.4
# Bulk screening skips the lexical features this far below the topic threshold: on MRPC train only 4 of 4,076
# pairs down there reach the paraphrase probability (the cosine carries most of the model's weight).
PARAPHRASE_COSINE_MARGIN = 0.1
# Below the topic threshold, a slot clash still counts when half the words of the shorter sentence are shared.
SHARED_SUBJECT_COSINE = 0.3
SHARED_SUBJECT_OVERLAP = 0.5


def judge_pair(
    text_a: str,
    text_b: str,
    *,
    vector_a: Vector | None = None,
    vector_b: Vector | None = None,
    date_a: datetime.date | None = None,
    date_b: datetime.date | None = None,
) -> PairJudgement:
    """Compare claim `text_a` with passage `text_b`; vectors are computed when not given."""
    if vector_a is None or vector_b is None:
        missing = [text for text, vector in ((text_a, vector_a), (text_b, vector_b)) if vector is None]
        encoded = iter(load_embedder().encode(missing))
        vector_a = next(encoded) if vector_a is None else vector_a
        vector_b = next(encoded) if vector_b is None else vector_b
    cosine = float(np.dot(vector_a, vector_b))
    acronyms = find_acronyms(text_a) | find_acronyms(text_b)
    return judge_with_cosine(text_a, text_b, cosine, date_a=date_a, date_b=date_b, acronyms=acronyms)


def judge_pairs(pairs: Sequence[tuple[str, str]], *, batch_size: int = 256) -> Iterator[PairJudgement]:
    """Judge many pairs, embedding them a batch at a time so memory stays flat for long inputs."""
    embedder = load_embedder()
    for offset in range(0, len(pairs), batch_size):
        batch = pairs[offset : offset + batch_size]
        unique = list(dict.fromkeys(text for pair in batch for text in pair))
        vectors = embedder.encode(unique)
        index = {text: position for position, text in enumerate(unique)}
        for text_a, text_b in batch:
            yield judge_pair(text_a, text_b, vector_a=vectors[index[text_a]], vector_b=vectors[index[text_b]])


def judge_with_cosine(
    text_a: str,
    text_b: str,
    cosine: float,
    *,
    date_a: datetime.date | None = None,
    date_b: datetime.date | None = None,
    acronyms: Mapping[str, str] | None = None,
    same_event: bool = False,
    calibration: Calibration | None = None,
    score_unrelated: bool = True,
    referent_a: str | None = None,
    referent_b: str | None = None,
) -> PairJudgement:
    """The judgement once the embedding cosine is known; `same_event` relaxes topicality for slot clashes.

    With `score_unrelated=False` (bulk candidate screening) a pair far below every threshold, with no slot
    clash, returns similarity 0.0 without computing the lexical features. `referent_a`/`referent_b` name the
    group each text's article keeps naming, so "the militant group" compares lexically as that name.
    """
    calibration = calibration or load_calibration()
    contradiction_floor = SAME_EVENT_CONTRADICTION_COSINE if same_event else calibration.contradiction_cosine
    related_floor = (
        min(calibration.related_cosine, SAME_EVENT_RELATED_COSINE) if same_event else calibration.related_cosine
    )
    facts_a = extract_facts(text_a, date_a)
    facts_b = extract_facts(text_b, date_b)
    # Slots whose rules align the values themselves (counts of the same thing, casualties, opposite outcomes)
    # may clash below the topic threshold when the sentences share their subject: MiniLM puts "three guards were
    # hurt in the attack" and "no injuries were reported in the attack" only ~0.45 apart.
    slot_floor_met = cosine >= min(contradiction_floor, related_floor) or (
        cosine >= SHARED_SUBJECT_COSINE and _shares_subject(facts_a, facts_b)
    )
    clearly_unrelated = cosine < related_floor - PARAPHRASE_COSINE_MARGIN and (
        not slot_floor_met or not find_differences(facts_a, facts_b, same_topic=False)
    )
    if clearly_unrelated and not score_unrelated:
        return PairJudgement(0.0, False, None, [], False)
    lexical_a, lexical_b = resolve_descriptors(text_a, referent_a), resolve_descriptors(text_b, referent_b)
    similarity = calibration.probability(pair_features(lexical_a, lexical_b, cosine, acronyms))
    paraphrase = similarity >= calibration.same_fact_threshold
    topical = paraphrase or cosine >= related_floor
    if not topical and not slot_floor_met:
        return PairJudgement(similarity, False, None, [], False)

    # Places, actors, dates and bare negation have no self-aligning values: they need a close topic.
    close_topic = paraphrase or cosine >= calibration.contradiction_cosine
    same_slot = close_topic or slot_floor_met
    differences = find_differences(facts_a, facts_b, same_topic=close_topic) if same_slot else []
    earlier_report = _far_apart(date_a, date_b, facts_a, facts_b)
    if differences:
        relation = Relation.RELATED if earlier_report else Relation.CONTRADICTS
        return PairJudgement(similarity, True, relation, differences, earlier_report)
    # MRPC-style paraphrase is stricter than evidence needs: a passage that states the claim's figure about the
    # same thing, with extra detail of its own, still supports the claim.
    agreements = find_agreements(facts_a, facts_b) if topical else []
    # Two figures that agree ("14 dead and 37 injured") pin the fact down even in quite different wording.
    if paraphrase or (agreements and (close_topic or len(agreements) >= 2)):
        return PairJudgement(similarity, True, Relation.SUPPORTS, [], earlier_report)
    if topical:
        return PairJudgement(similarity, False, Relation.RELATED, [], earlier_report)
    return PairJudgement(similarity, False, None, [], False)


def _shares_subject(facts_a: Facts, facts_b: Facts) -> bool:
    smaller = min(len(facts_a.content), len(facts_b.content))
    return smaller >= 2 and len(facts_a.content & facts_b.content) >= SHARED_SUBJECT_OVERLAP * smaller


def _far_apart(date_a: datetime.date | None, date_b: datetime.date | None, facts_a: Facts, facts_b: Facts) -> bool:
    # Publication dates win; a date the text states is the fallback when the publication date is unknown.
    effective_a = date_a or text_date(facts_a)
    effective_b = date_b or text_date(facts_b)
    if effective_a is None or effective_b is None:
        return False
    return abs((effective_a - effective_b).days) > MAX_REPORT_GAP_DAYS
