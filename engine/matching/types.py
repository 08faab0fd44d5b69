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
    """How a passage bears on a claim.

    `similarity` is the cheap screen's calibrated probability that the two texts say the same thing (for ranking);
    `same_fact` means the passage states the claim's core fact (the relation is `supports`); `earlier_report` and
    `update` say that time explains what differs (see engine.stance.timing); `probabilities` are what the decision
    read when the stance model read the pair: its calibrated probabilities, combined over the two readings of the
    pair when both are read (engine.stance.decision.combine_readings), so re-fitting the cuts on reviews fits the
    same scores.
    """

    similarity: float
    same_fact: bool
    relation: Relation | None
    differences: list[Difference] = field(default_factory=list)
    earlier_report: bool = False
    update: bool = False
    probabilities: dict[str, float] | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "similarity": round(self.similarity, 4),
            "same_fact": self.same_fact,
            "relation": None if self.relation is None else str(self.relation),
            "differences": [difference.as_dict() for difference in self.differences],
            "earlier_report": self.earlier_report,
            "update": self.update,
            "probabilities": None
            if self.probabilities is None
            else {label: round(value, 4) for label, value in self.probabilities.items()},
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
    update: bool = False
    probabilities: dict[str, float] = field(default_factory=dict)
