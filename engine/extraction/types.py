"""The data the extraction engine hands back: plain frozen dataclasses, no Django."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Sentence:
    """A span of the source text; `text == source[start:end]` and carries no surrounding whitespace."""

    start: int
    end: int
    text: str


class ClaimKind(StrEnum):
    QUANTITY = "quantity"
    EVENT = "event"
    QUOTE = "quote"
    CAUSAL = "causal"
    PREDICTION = "prediction"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Assessment:
    score: float
    checkworthy: bool
    claim_type: ClaimKind
    signals: list[str]
    speaker: str
    speaker_role: str
    # A source that is not a person or organisation ("pictures", "video footage"), never a speaker.
    source_type: str = ""
    # "he", "she", "they" or "it" as the reporting verb's subject; `carry_speakers` resolves it in the paragraph.
    speaker_pronoun: str = ""
    speaker_is_person: bool = False
    # People the sentence names (the entity recogniser's PERSON spans), in reading order: a later "she said" in the
    # paragraph may refer to one of them when nobody was quoted before it.
    people: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SentenceAnalysis:
    sentence: Sentence
    boilerplate: str | None
    assessment: Assessment | None


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    sentences: list[SentenceAnalysis]
    warnings: list[str]
    language: str

    @property
    def claims(self) -> list[SentenceAnalysis]:
        return [
            item
            for item in self.sentences
            if item.boilerplate is None and item.assessment is not None and item.assessment.checkworthy
        ]
