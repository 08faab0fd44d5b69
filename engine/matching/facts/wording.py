"""What changed between two near-copies of one sentence: the word spans a sub-editor or a later report altered.

A wire copy and its rewrite differ in a few spans. Some are wording ("were killed" / "died", "officials said" /
"police said"); some change the fact ("48 minutes" / "48 hours", "is" / "is not", "Lorvan" / "Calder"). The stance
model reads the whole pair; these spans are what a reviewer needs to see, and a clash between near-copies that no
span can explain is the model's mistake, not the outlets'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from engine.lexicon import (
    CONTRACTED_NEGATIONS,
    KILLED_WORDS,
    NEGATIONS,
    NUMBER_WORDS,
    REPORTING_VERB_FORMS,
    SCALE_MULTIPLIERS,
    STOPWORDS,
    UNIT_WORDS,
)
from engine.matching.facts.refutation import DENIAL_VERBS, REFUTING_WORDS, untrue_source_verdict
from engine.matching.facts.units import canonical_unit
from engine.matching.types import Difference, Slot

_TOKEN = re.compile(r"[A-Za-z0-9][\w'\u2019.%-]*")
# Words whose swap keeps the fact: attribution, and the commonest ways outlets word one casualty fact.
_WORDING_ONLY = STOPWORDS | REPORTING_VERB_FORMS | KILLED_WORDS
# Words that negate what a copy says when they are all that changed (see _slot).
_NEGATING_WORDS = NEGATIONS | CONTRACTED_NEGATIONS | DENIAL_VERBS | REFUTING_WORDS


@dataclass(frozen=True, slots=True)
class ChangedSpan:
    claim_text: str
    passage_text: str
    slot: Slot | None  # None: wording only
    # One unit put in place of another with the figure kept ("48 minutes" / "48 hours"): no count moves on like that,
    # so between near-copies it is a clash whatever else the two texts share.
    unit_swap: bool = False


def changed_spans(claim: str, passage: str) -> list[ChangedSpan]:
    """The spans where two near-copies differ, each with the slot it changes (None for wording only)."""
    claim_tokens = [m.group(0) for m in _TOKEN.finditer(claim)]
    passage_tokens = [m.group(0) for m in _TOKEN.finditer(passage)]
    matcher = SequenceMatcher(a=[_fold(t) for t in claim_tokens], b=[_fold(t) for t in passage_tokens], autojunk=False)
    claim_words = {_fold(t) for t in claim_tokens}
    passage_words = {_fold(t) for t in passage_tokens}
    spans = []
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        left, right = claim_tokens[a_start:a_end], passage_tokens[b_start:b_end]
        # A word that moved ("RSF shelled ... killing 12" / "RSF shelling killed 12") is in both texts: only what
        # one text has and the other lacks anywhere can change the fact.
        left = [t for t in left if _fold(t) not in passage_words] if tag == "replace" else left
        right = [t for t in right if _fold(t) not in claim_words] if tag == "replace" else right
        if not left and not right:
            continue
        slot = _slot(left, right, a_start == 0, b_start == 0)
        unit_swap = False
        if slot == Slot.NUMBER and a_start > 0 and b_start > 0 and _has_figure({_fold(claim_tokens[a_start - 1])}):
            # A changed unit reads with its figure: "48 minutes" / "48 hours".
            unit_swap = _units_swapped(left, right)
            left, right = [claim_tokens[a_start - 1], *left], [passage_tokens[b_start - 1], *right]
        spans.append(ChangedSpan(" ".join(left), " ".join(right), slot, unit_swap))
    if any(span.slot == Slot.NEGATION for span in spans):
        # A negation counts only when it is all that changed: "urged residents not to return" and "urged residents
        # to stay away" say one thing twice.
        reworded = {
            _fold(word)
            for span in spans
            if span.slot != Slot.NEGATION
            for word in (span.claim_text + " " + span.passage_text).split()
        }
        if not reworded <= _WORDING_ONLY:
            spans = [
                ChangedSpan(span.claim_text, span.passage_text, None) if span.slot == Slot.NEGATION else span
                for span in spans
            ]
    return spans


def substantive_differences(claim: str, passage: str) -> list[Difference]:
    """The changed spans that change the fact, as differences a reviewer can read."""
    return span_differences(changed_spans(claim, passage))


def span_differences(spans: Sequence[ChangedSpan]) -> list[Difference]:
    """The spans of `changed_spans` that change the fact, as differences a reviewer can read."""
    return [
        Difference(span.slot, span.claim_text or "(absent)", span.passage_text or "(absent)")
        for span in spans
        if span.slot is not None
    ]


def unit_swapped(claim: str, passage: str) -> bool:
    """Whether two near-copies keep a figure but change its unit ("dead for 48 minutes" / "dead for 48 hours")."""
    return any(span.unit_swap for span in changed_spans(claim, passage))


def _units_swapped(left: list[str], right: list[str]) -> bool:
    left_units = {_unit(token) for token in left}
    right_units = {_unit(token) for token in right}
    # Every changed word is a unit and the units differ: "metres" / "meters" is one unit spelled two ways.
    return None not in left_units | right_units and left_units != right_units


def _unit(token: str) -> str | None:
    word = token.lower().rstrip(".")
    return canonical_unit(word) if word in UNIT_WORDS else None


def _fold(token: str) -> str:
    # Quotes and brackets around a word are punctuation of the copy, not the word: "9th." / "9th.'".
    word = token.lower().replace("\u2019", "'").strip("'\"\u2018\u201c\u201d()[]").rstrip(".")
    # "Eleven" and "11" are one figure; "metres" and "meters" one unit.
    if word in NUMBER_WORDS:
        return str(NUMBER_WORDS[word])
    return _unit(word) or word


def _negates(word: str) -> bool:
    """A word that negates a copy it is put into: a negation, a denial verb, a verdict, or a label calling the story's
    source untrue ("Fake-News: McDonald's Will Stop Serving ...")."""
    return word in _NEGATING_WORDS or bool(untrue_source_verdict(word))


def _slot(left: list[str], right: list[str], left_first: bool, right_first: bool) -> Slot | None:
    left_words = {_fold(t) for t in left}
    right_words = {_fold(t) for t in right}
    # A negation counts only when it is all that changed: "urged residents not to return" and "urged residents to
    # stay away" say one thing twice. A denial verb or a verdict word put into a copy counts as one: "North Korea
    # plans to open a restaurant" / "North Korea denies plans to open a restaurant".
    others = {word for word in left_words ^ right_words if not _negates(word)}
    if any(map(_negates, left_words)) != any(map(_negates, right_words)) and others <= _WORDING_ONLY:
        return Slot.NEGATION
    if not left or not right:
        # Words only one side has: an added or dropped detail is not a clash.
        return None
    if _has_figure(left_words) or _has_figure(right_words) or (left_words | right_words) & UNIT_WORDS:
        return Slot.NUMBER
    left_names, right_names = _names(left, left_first), _names(right, right_first)
    # One name in place of another; a name one text merely leaves out is not a clash.
    if left_names and right_names and not _same_names(left_names, right_names):
        return Slot.ACTOR
    # Any other swap ("swept away" / "washed away") is wording; opposite outcomes are the fact rules' job.
    return None


# Endings that make a place's adjective of its name: "Korea" / "Korean", "Israel" / "Israeli", "Japan" / "Japanese".
_DEMONYM_ENDINGS = frozenset({"n", "an", "ian", "i", "ese", "ish"})


def _same_names(left: set[str], right: set[str]) -> bool:
    """Whether two sets of names name the same things, a place's name and its adjective being one ("Korea" /
    "Korean"); "Paul" / "Paula" stay two names."""

    def one_name(first: str, second: str) -> bool:
        shorter, longer = sorted((first.lower(), second.lower()), key=len)
        if shorter == longer:
            return True
        return len(shorter) >= 4 and longer.startswith(shorter) and longer[len(shorter) :] in _DEMONYM_ENDINGS

    def named_in(name: str, others: set[str]) -> bool:
        return any(one_name(name, other) for other in others)

    return all(named_in(name, right) for name in left) and all(named_in(name, left) for name in right)


def _has_figure(words: set[str]) -> bool:
    return any(any(ch.isdigit() for ch in word) or word in NUMBER_WORDS or word in SCALE_MULTIPLIERS for word in words)


def _names(tokens: list[str], at_sentence_start: bool) -> set[str]:
    """Capitalised words that are not the sentence's first word: names of people, groups and places."""
    return {
        token.rstrip(".")
        for position, token in enumerate(tokens)
        if token[:1].isupper() and not (at_sentence_start and position == 0) and _fold(token) not in STOPWORDS
    }
