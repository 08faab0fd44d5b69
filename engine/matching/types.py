"""The plain data the matching engine takes and returns: no Django, no behaviour beyond formatting."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]


class Relation(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    RELATED = "related"


class Slot(StrEnum):
    """Which part of a fact two texts disagree on."""

    NUMBER = "number"
    DATE = "date"
    PLACE = "place"
    ACTOR = "actor"
    NEGATION = "negation"
    OUTCOME = "outcome"


@dataclass(frozen=True, slots=True)
class Difference:
    slot: str
    claim_value: str
    passage_value: str

    def as_dict(self) -> dict[str, str]:
        return {"slot": str(self.slot), "claim_value": self.claim_value, "passage_value": self.passage_value}


@dataclass(frozen=True, slots=True)
class PairJudgement:
    similarity: float
    same_fact: bool
    relation: Relation | None
    differences: list[Difference] = field(default_factory=list)
    earlier_report: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "similarity": round(self.similarity, 4),
            "same_fact": self.same_fact,
            "relation": None if self.relation is None else str(self.relation),
            "differences": [difference.as_dict() for difference in self.differences],
            "earlier_report": self.earlier_report,
        }


@dataclass(frozen=True, slots=True)
class PassageDoc:
    key: int
    start: int
    end: int
    text: str
    vector: Vector


@dataclass(frozen=True, slots=True)
class ArticleDoc:
    key: int
    title: str
    body: str
    published: datetime.date | None
    passages: list[PassageDoc]


@dataclass(frozen=True, slots=True)
class ClaimDoc:
    key: int
    start: int
    end: int
    text: str
    vector: Vector


@dataclass(frozen=True, slots=True)
class OriginJudgement:
    score: float
    same_origin: bool
    passage_pairs: list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Suggestion:
    claim_key: int
    article_key: int
    passage_key: int
    score: float
    relation: Relation
    differences: list[Difference]
    earlier_report: bool
