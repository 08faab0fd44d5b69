"""Where two sentences disagree: values that a claim and a passage state differently for a slot both fill.

Rules, not a model: a reviewer must be able to see why two passages were called contradictory, and every rule
here names the two spans it compared. Each rule only fires when both sides speak about the same slot (the same
counted thing, the same kind of casualty, the same action), so two reports that mention different facts are
"related", never "contradicting".
"""

from __future__ import annotations

import datetime

from engine.lexicon import NEGATIONS, STOPWORDS
from engine.matching.facts.dates import MAX_REPORT_GAP_DAYS, DateMention
from engine.matching.facts.extract import Facts
from engine.matching.facts.numbers import numbers_aligned, numbers_compatible
from engine.matching.text.spelling import tokens_match
from engine.matching.text.tokens import content_tokens, fold
from engine.matching.types import Difference, Slot


def find_differences(claim: Facts, passage: Facts, *, same_topic: bool) -> list[Difference]:
    """Values that `claim` and `passage` state differently for a slot both of them fill."""
    differences: list[Difference] = []

    # Numbers: each claim number against the passage numbers counting the same thing.
    for number in claim.numbers:
        aligned = [other for other in passage.numbers if numbers_aligned(number, other)]
        if aligned and not any(numbers_compatible(number, other) for other in aligned):
            if any(number.value == other.value for other in passage.numbers):
                continue  # the figure is there, attached to a phrase we misread
            differences.append(Difference(Slot.NUMBER, number.surface, aligned[0].surface))

    # "No injuries" against a count of injured (either direction).
    for zero_side, count_side, flip in ((claim, passage, False), (passage, claim, True)):
        for kind, zero_surface in zero_side.zero_casualties:
            counts = _casualty_counts(count_side, kind, _zero_group(zero_surface))
            if counts:
                pair = (counts[0], zero_surface) if flip else (zero_surface, counts[0])
                differences.append(Difference(Slot.NEGATION, pair[0], pair[1]))
                break

    # Opposite outcomes of the same aspect, about a shared subject.
    shared_subject = bool(claim.content & passage.content) or same_topic
    if shared_subject:
        claim_sides = {(aspect, side): word for aspect, side, word in claim.outcomes}
        passage_sides = {(aspect, side): word for aspect, side, word in passage.outcomes}
        for (aspect, side), word in claim_sides.items():
            opposite = passage_sides.get((aspect, 1 - side))
            if opposite is not None and (aspect, side) not in passage_sides and (aspect, 1 - side) not in claim_sides:
                differences.append(Difference(Slot.OUTCOME, word, opposite))

    # Dates of the day, both precise, that differ by a few days (larger gaps are handled as earlier reports).
    claim_days = _event_days(claim)
    passage_days = _event_days(passage)
    if same_topic and claim_days and passage_days and not set(claim_days) & set(passage_days):
        first_claim = next(iter(claim_days.values()))
        first_passage = next(iter(passage_days.values()))
        # The same words ("on Sunday") resolved against two publication dates name one day, not two.
        same_words = _date_words(first_claim.surface) == _date_words(first_passage.surface)
        if abs((first_claim.date - first_passage.date).days) <= MAX_REPORT_GAP_DAYS and not same_words:
            differences.append(Difference(Slot.DATE, first_claim.surface, first_passage.surface))

    if same_topic:
        differences.extend(_place_differences(claim, passage))
        differences.extend(_actor_differences(claim, passage))
        if not differences and len(claim.negation_phrases) % 2 != len(passage.negation_phrases) % 2:
            overlap = len(claim.content & passage.content) / max(1, min(len(claim.content), len(passage.content)))
            difference = _negation_difference(claim, passage) if overlap >= 0.6 else None
            if difference is not None:
                differences.append(difference)
    return differences


def _event_days(facts: Facts) -> dict[datetime.date, DateMention]:
    """The day-precise dates of what a text reports; a date of reporting ("gave the figures on Saturday") says when
    the text was written, not when its events happened."""
    return {mention.date: mention for mention in facts.dates if mention.day_precise and not mention.reported}


def _date_words(surface: str) -> tuple[str, ...]:
    return tuple(word for word in fold(surface).split() if word not in STOPWORDS)


# Words of a "nobody was hurt" statement that are not the group it is about (besides NEGATIONS: no, nobody, without).
_CASUALTY_WORDS = frozenset(
    {
        "hurt",
        "injured",
        "injuries",
        "injury",
        "killed",
        "wounded",
        "harmed",
        "casualties",
        "deaths",
        "fatalities",
        "dead",
        "died",
        "unharmed",
        "unhurt",
        "uninjured",
        "one",
        "loss",
        "life",
        "any",
        "zero",
    }
)


def _zero_group(surface: str) -> frozenset[str]:
    """Who a "nobody was hurt" statement is about: {"rescue", "workers"} for "No rescue workers were hurt", nothing
    for "No injuries were reported" (everyone)."""
    return frozenset(
        token
        for token in content_tokens(surface)
        if token not in NEGATIONS and token not in _CASUALTY_WORDS and not token.isdigit()
    )


def _casualty_counts(facts: Facts, kind: str, group: frozenset[str] = frozenset()) -> list[str]:
    """The casualty figures of `facts` of `kind` that a "nobody was hurt" statement about `group` denies: all of
    them when the statement is about everyone, else only those counting that group ("No rescue workers were hurt"
    does not deny "37 injured" in the flood, it denies "two rescue workers were hurt")."""

    def about_group(words: frozenset[str]) -> bool:
        return not group or any(_token_present(word, words) for word in group)

    surfaces = [
        number.surface
        for number in facts.numbers
        if number.value > 0
        and (number.category == kind or (kind == "any" and number.category in {"killed", "injured"}))
        and about_group(number.units | number.context)
    ]
    surfaces += [
        surface
        for some_kind, surface in facts.some_casualties
        if kind in {"any", some_kind} and about_group(frozenset(content_tokens(surface)))
    ]
    return surfaces


def _token_present(token: str, content: frozenset[str]) -> bool:
    return any(tokens_match(token, other) for other in content)


def _negation_difference(claim: Facts, passage: Facts) -> Difference | None:
    """A clash only when the other side affirms the very word negated ("resigned" / "did not resign")."""
    negated, affirmed = (claim, passage) if len(claim.negation_phrases) % 2 else (passage, claim)
    phrase = negated.negation_phrases[0]
    negated_words = [fold(word) for word in phrase.split()[1:]]
    affirmed_value = next(
        (
            word
            for word in affirmed.words
            for target in negated_words
            if len(target) >= 4 and target not in STOPWORDS and fold(word).startswith(target[: max(4, len(target) - 2)])
        ),
        None,
    )
    if affirmed_value is None:
        return None
    if negated is claim:
        return Difference(Slot.NEGATION, phrase, affirmed_value)
    return Difference(Slot.NEGATION, affirmed_value, phrase)


def _place_differences(claim: Facts, passage: Facts) -> list[Difference]:
    if not claim.places or not passage.places:
        return []
    claim_tokens = {token for place in claim.places for token in content_tokens(place)}
    passage_tokens = {token for place in passage.places for token in content_tokens(place)}
    # "near Mosul" / "in Iraq" are nested, not rival, places; only a sentence that otherwise says the same
    # thing with another place name is a clash.
    rest_claim, rest_passage = claim.content - claim_tokens, passage.content - passage_tokens
    if len(rest_claim & rest_passage) < 0.5 * min(len(rest_claim), len(rest_passage)):
        return []
    if any(_token_present(token, passage.content) for token in claim_tokens):
        return []
    if any(_token_present(token, claim.content) for token in passage_tokens):
        return []
    return [Difference(Slot.PLACE, claim.places[0], passage.places[0])]


def _actor_differences(claim: Facts, passage: Facts) -> list[Difference]:
    differences: list[Difference] = []
    for verb, actor in claim.actors:
        rivals = [other for other_verb, other in passage.actors if other_verb == verb]
        if not rivals:
            continue
        if any(fold(actor) == fold(rival) for rival in rivals):
            continue
        actor_tokens = content_tokens(actor)
        if any(
            any(_token_present(token, frozenset(content_tokens(rival))) for token in actor_tokens) for rival in rivals
        ):
            continue
        if any(_token_present(token, claim.content) for rival in rivals for token in content_tokens(rival)):
            continue
        differences.append(Difference(Slot.ACTOR, actor, rivals[0]))
    return differences
