"""Judge one claim/passage pair: calibrated similarity, relation and the differing slot values."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from engine.matching.calibration import Calibration, load_calibration
from engine.matching.cross_encoder import SAME_FACT_THRESHOLD, same_fact_probabilities
from engine.matching.facts.agreements import find_agreements
from engine.matching.facts.dates import MAX_REPORT_GAP_DAYS
from engine.matching.facts.differences import find_differences
from engine.matching.facts.extract import Facts, extract_facts, text_date
from engine.matching.features import pair_features
from engine.matching.text.acronyms import find_acronyms
from engine.matching.text.referents import resolve_descriptors
from engine.matching.types import PairJudgement, Relation, Vector
from engine.models.embedder import load_embedder
from engine.stance.timing import TimeRelation, report_time, time_relation

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
# The cross-encoder only sees pairs the screen gives at least this probability of being the same fact: on MRPC
# train the screen puts only 3 of 2,753 paraphrases below it, and plainly unrelated pairs never get that far.
SCREEN_SIMILARITY = 0.1


@dataclass(frozen=True, slots=True)
class PairInput:
    """One claim/passage pair with what is known about it; `cosine` is the MiniLM bi-encoder cosine.

    `same_event` relaxes topicality for slot clashes (the articles were already found to report one event).
    With `score_unrelated=False` (bulk candidate screening) a pair far below every threshold, with no slot clash,
    is judged unrelated with similarity 0.0 without the lexical features. `referent_a`/`referent_b` name the group
    each text's article keeps naming, so "the militant group" compares lexically as that name. `group` ties the
    candidates of one claim together for the cross-encoder budget.
    """

    text_a: str
    text_b: str
    cosine: float
    date_a: datetime.date | None = None
    date_b: datetime.date | None = None
    acronyms: Mapping[str, str] | None = None
    same_event: bool = False
    score_unrelated: bool = True
    referent_a: str | None = None
    referent_b: str | None = None
    group: int = 0


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
    acronyms = find_acronyms(text_a) | find_acronyms(text_b)
    pair = PairInput(text_a, text_b, float(np.dot(vector_a, vector_b)), date_a, date_b, acronyms)
    return judge_batch([pair])[0]


def judge_pairs(pairs: Sequence[tuple[str, str]], *, batch_size: int = 256) -> Iterator[PairJudgement]:
    """Judge many pairs, a batch at a time so memory stays flat for long inputs."""
    embedder = load_embedder()
    for offset in range(0, len(pairs), batch_size):
        batch = pairs[offset : offset + batch_size]
        unique = list(dict.fromkeys(text for pair in batch for text in pair))
        vectors = embedder.encode(unique)
        index = {text: position for position, text in enumerate(unique)}
        inputs = [
            PairInput(
                text_a,
                text_b,
                float(np.dot(vectors[index[text_a]], vectors[index[text_b]])),
                acronyms=find_acronyms(text_a) | find_acronyms(text_b),
            )
            for text_a, text_b in batch
        ]
        yield from judge_batch(inputs)


def judge_batch(
    pairs: Sequence[PairInput],
    *,
    calibration: Calibration | None = None,
    cross_encoded_per_group: int | None = None,
) -> list[PairJudgement]:
    """Judge pairs in two stages: the cheap calibrated screen for all, the cross-encoder for the plausible ones.

    The screen (bi-encoder cosine + lexical features) drops pairs that cannot be the same fact; the fine-tuned
    cross-encoder then decides "same fact" for the rest, batched. `cross_encoded_per_group` caps how many pairs
    of one group (one claim's candidates) reach the cross-encoder, best screened first; the others keep the
    screen's judgement, which never calls them the same fact.
    """
    calibration = calibration or load_calibration()
    screened = [_screen(pair, calibration) for pair in pairs]
    plausible = [
        i for i, item in enumerate(screened) if isinstance(item, _Screened) and item.similarity >= SCREEN_SIMILARITY
    ]
    if cross_encoded_per_group is not None:
        by_group: dict[int, list[int]] = {}
        for i in plausible:
            by_group.setdefault(pairs[i].group, []).append(i)
        plausible = sorted(
            i
            for members in by_group.values()
            for i in sorted(members, key=lambda i: -_similarity(screened[i]))[:cross_encoded_per_group]
        )
    # Wire copy republished word for word gives the same (claim, passage) text many times: read each once.
    distinct = list(dict.fromkeys((pairs[i].text_a, pairs[i].text_b) for i in plausible))
    by_text = dict(zip(distinct, same_fact_probabilities(distinct).tolist(), strict=True))
    model_probability = {i: by_text[(pairs[i].text_a, pairs[i].text_b)] for i in plausible}
    judgements: list[PairJudgement] = []
    for i, item in enumerate(screened):
        if isinstance(item, PairJudgement):
            judgements.append(item)
        elif i in model_probability:
            probability = model_probability[i]
            judgements.append(_decide(item, probability, probability >= SAME_FACT_THRESHOLD, calibration))
        else:
            judgements.append(_decide(item, item.similarity, False, calibration))
    return judgements


@dataclass(frozen=True, slots=True)
class _Screened:
    pair: PairInput
    facts_a: Facts
    facts_b: Facts
    similarity: float
    related_floor: float
    slot_floor_met: bool


def _similarity(item: _Screened | PairJudgement) -> float:
    return item.similarity


def _screen(pair: PairInput, calibration: Calibration) -> _Screened | PairJudgement:
    """The cheap stage: a final judgement for pairs that are plainly unrelated, else what the decision needs."""
    cosine = pair.cosine
    contradiction_floor = SAME_EVENT_CONTRADICTION_COSINE if pair.same_event else calibration.contradiction_cosine
    related_floor = (
        min(calibration.related_cosine, SAME_EVENT_RELATED_COSINE) if pair.same_event else calibration.related_cosine
    )
    facts_a = extract_facts(pair.text_a, pair.date_a)
    facts_b = extract_facts(pair.text_b, pair.date_b)
    # Slots whose rules align the values themselves (counts of the same thing, casualties, opposite outcomes)
    # may clash below the topic threshold when the sentences share their subject: MiniLM puts "three guards were
    # hurt in the attack" and "no injuries were reported in the attack" only ~0.45 apart.
    slot_floor_met = cosine >= min(contradiction_floor, related_floor) or (
        cosine >= SHARED_SUBJECT_COSINE and _shares_subject(facts_a, facts_b)
    )
    clearly_unrelated = cosine < related_floor - PARAPHRASE_COSINE_MARGIN and (
        not slot_floor_met or not find_differences(facts_a, facts_b, same_topic=False)
    )
    if clearly_unrelated and not pair.score_unrelated:
        return PairJudgement(0.0, False, None, [], False)
    lexical_a = resolve_descriptors(pair.text_a, pair.referent_a)
    lexical_b = resolve_descriptors(pair.text_b, pair.referent_b)
    similarity = calibration.probability(pair_features(lexical_a, lexical_b, cosine, pair.acronyms))
    if clearly_unrelated and similarity < SCREEN_SIMILARITY:
        return PairJudgement(similarity, False, None, [], False)
    return _Screened(pair, facts_a, facts_b, similarity, related_floor, slot_floor_met)


def _decide(item: _Screened, similarity: float, paraphrase: bool, calibration: Calibration) -> PairJudgement:
    pair, facts_a, facts_b = item.pair, item.facts_a, item.facts_b
    topical = paraphrase or pair.cosine >= item.related_floor
    if not topical and not item.slot_floor_met:
        return PairJudgement(similarity, False, None, [], False)
    # Places, actors, dates and bare negation have no self-aligning values: they need a close topic.
    close_topic = paraphrase or pair.cosine >= calibration.contradiction_cosine
    same_slot = close_topic or item.slot_floor_met
    differences = find_differences(facts_a, facts_b, same_topic=close_topic) if same_slot else []
    earlier_report = _far_apart(pair.date_a, pair.date_b, facts_a, facts_b)
    if differences:
        # Time can explain a clash: a later report moving a running count on is an update, not a contradiction.
        timing = time_relation(
            facts_a, facts_b, report_time(facts_a, pair.date_a), report_time(facts_b, pair.date_b), differences
        )
        earlier_report = earlier_report or timing == TimeRelation.DIFFERENT_TIME
        update = timing == TimeRelation.UPDATE
        relation = Relation.RELATED if earlier_report or update else Relation.CONTRADICTS
        return PairJudgement(similarity, True, relation, differences, earlier_report, update=update)
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
