"""What makes a sentence worth checking, gathered in one report: figures, dates, names, attribution, quotes, cues.

The report gives the reviewer-facing labels; `features` turns it into model features and `kinds` into a claim type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.extraction.cues import find_cues
from engine.extraction.dates import find_dates
from engine.extraction.names import Names, entity_docs, names_in
from engine.extraction.numbers import find_numbers
from engine.extraction.quotes import quoted_characters

if TYPE_CHECKING:
    from spacy.tokens import Doc

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_FIRST_PERSON_CASED = re.compile(r"\bI\b")


@dataclass(frozen=True, slots=True)
class SignalReport:
    """What the cue detectors found in one sentence."""

    numbers: list[str]
    dates: list[str]
    people: list[str]
    organisations: list[str]
    places: list[str]
    attribution: list[str]
    quotation: bool
    quoted_share: float
    comparison: list[str]
    causal: list[str]
    hedging: list[str]
    opinion: list[str]
    prediction: list[str]
    event: list[str]
    first_person: int
    second_person: int
    negation: int
    words: int
    question: bool

    def labels(self) -> list[str]:
        """Human-readable drivers, strongest evidence first, capped so the UI stays readable."""
        labels: list[str] = []
        labels += [f"number: {n}" for n in _first(self.numbers, 3)]
        labels += [f"date: {d}" for d in _first(self.dates, 2)]
        labels += [f"attribution: {a}" for a in _first(self.attribution, 1)]
        labels += [f"person: {p}" for p in _first(self.people, 2)]
        labels += [f"organisation: {o}" for o in _first(self.organisations, 2)]
        labels += [f"place: {p}" for p in _first(self.places, 2)]
        if self.quotation:
            labels.append("quotation")
        if self.comparison:
            labels.append("comparison")
        labels += [f"causal: {c}" for c in _first(self.causal, 1)]
        labels += [f"event: {e}" for e in _first(self.event, 1)]
        labels += [f"prediction: {p}" for p in _first(self.prediction, 1)]
        labels += [f"hedging: {h}" for h in _first(self.hedging, 1)]
        labels += [f"opinion: {o}" for o in _first(self.opinion, 1)]
        if self.question:
            labels.append("question")
        return labels


def _first(items: list[str], limit: int) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
        if len(seen) == limit:
            break
    return seen


def detect_signals_many(texts: Sequence[str]) -> tuple[list[SignalReport], list[Doc]]:
    """`detect_signals` for many texts, with the entity documents it read the names from (one recogniser batch)."""
    docs = entity_docs(texts)
    return [detect_signals(text, names=names_in(doc)) for text, doc in zip(texts, docs, strict=True)], docs


def detect_signals(text: str, *, names: Names | None = None) -> SignalReport:
    """The signals of `text`; `names` are its entities when the caller has already run the recogniser."""
    dates = find_dates(text)
    cues = find_cues(text)
    numbers = find_numbers(text, dates, cues["number"])
    if names is None:
        names = names_in(entity_docs([text])[0])
    quoted = quoted_characters(text)
    stripped = text.rstrip()
    first_person = len(cues["first_person"]) - cues["first_person"].count("i") + len(_FIRST_PERSON_CASED.findall(text))
    return SignalReport(
        numbers=numbers,
        dates=dates,
        people=names.people,
        organisations=names.organisations,
        places=names.places,
        attribution=cues["attribution"],
        quotation=quoted > 0,
        quoted_share=min(1.0, quoted / max(1, len(text))),
        comparison=cues["comparison"],
        causal=cues["causal"],
        hedging=cues["hedging"],
        opinion=cues["opinion"],
        prediction=cues["prediction"],
        event=cues["event"],
        first_person=first_person,
        second_person=len(cues["second_person"]),
        negation=len(cues["negation"]),
        words=len(_WORD.findall(text)),
        question=stripped.endswith("?") or stripped.endswith('?"') or stripped.endswith("?”"),
    )
