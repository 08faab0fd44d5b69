"""Judge one claim/passage pair: calibrated similarity, relation and the differing slot values."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from claims.matching.calibration import Calibration, load_calibration
from claims.matching.embedder import load_embedder
from claims.matching.facts import Facts, extract_facts, find_differences, text_date
from claims.matching.features import pair_features
from claims.matching.normalise import find_acronyms
from claims.matching.types import PairJudgement, Relation, Vector

# Reports this far apart describe a situation that may have changed, so differing figures are not contradictions.
MAX_REPORT_GAP_DAYS = 90
# Inside one event (articles already found to be about it) a slot clash needs only this much topical overlap:
# "No injuries were reported." and "Three guards were hurt." share few words and little embedding mass.
SAME_EVENT_CONTRADICTION_COSINE = 0.2


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
) -> PairJudgement:
    """The judgement once the embedding cosine is known; `same_event` relaxes topicality for slot clashes."""
    calibration = calibration or load_calibration()
    similarity = calibration.probability(pair_features(text_a, text_b, cosine, acronyms))
    paraphrase = similarity >= calibration.same_fact_threshold
    contradiction_floor = SAME_EVENT_CONTRADICTION_COSINE if same_event else calibration.contradiction_cosine
    topical = paraphrase or cosine >= calibration.related_cosine
    if not topical and cosine < contradiction_floor:
        return PairJudgement(similarity, False, None, [], False)

    facts_a = extract_facts(text_a, date_a)
    facts_b = extract_facts(text_b, date_b)
    same_slot = paraphrase or cosine >= contradiction_floor
    differences = find_differences(facts_a, facts_b, same_topic=same_slot) if same_slot else []
    earlier_report = _far_apart(date_a, date_b, facts_a, facts_b)
    if differences:
        relation = Relation.RELATED if earlier_report else Relation.CONTRADICTS
        return PairJudgement(similarity, True, relation, differences, earlier_report)
    if paraphrase:
        return PairJudgement(similarity, True, Relation.SUPPORTS, [], earlier_report)
    if topical:
        return PairJudgement(similarity, False, Relation.RELATED, [], earlier_report)
    return PairJudgement(similarity, False, None, [], False)


def _far_apart(
    date_a: datetime.date | None, date_b: datetime.date | None, facts_a: Facts, facts_b: Facts
) -> bool:
    # Publication dates win; a date the text states is the fallback when the publication date is unknown.
    effective_a = date_a or text_date(facts_a)
    effective_b = date_b or text_date(facts_b)
    if effective_a is None or effective_b is None:
        return False
    return abs((effective_a - effective_b).days) > MAX_REPORT_GAP_DAYS
