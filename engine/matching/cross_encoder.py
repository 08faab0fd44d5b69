"""The same-fact cross-encoder: MiniLM reading claim and passage together, fine-tuned on MRPC train.

It decides "same fact" for the pairs the cheap screen (bi-encoder cosine + lexical features) lets through. It is a
cross-validated ensemble: member k was fine-tuned on MRPC train minus fold k, and the members' logits are averaged.
Most pairs are clear-cut, so member 0 decides alone when its logit is far enough from the threshold; only the close
calls pay for every member. `weights/same_fact.json`, written by `benchmarks/matching/build_same_fact_ensemble.py`,
names the members and holds the threshold (chosen on out-of-fold predictions, so it is also right for one member
alone) and that margin. The threshold is folded into the returned probability, so "same fact" is always
`probability >= 0.5`. `FACTCHECK_SAME_FACT_MEMBERS` keeps only the first members, to trade accuracy for time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from engine import config
from engine.models import WEIGHTS_DIR
from engine.models.lazy import ProcessWide
from engine.models.minilm import FineTunedHead, HeadLoadError, load_head, probabilities_cut_at, threshold_logit

SAME_FACT_SPEC_PATH = WEIGHTS_DIR / "same_fact.json"
SAME_FACT_THRESHOLD = 0.5
SPEC_FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class EnsembleSpec:
    """Which head files make the ensemble, the threshold on their averaged probability and the cascade margin."""

    members: tuple[str, ...]
    threshold: float
    cascade_margin: float
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": SPEC_FORMAT_VERSION,
                "members": list(self.members),
                "threshold": self.threshold,
                "cascade_margin": self.cascade_margin,
                "extra": self.extra,
            },
            indent=2,
            sort_keys=True,
        )

    @classmethod
    def read(cls, path: Path) -> EnsembleSpec:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != SPEC_FORMAT_VERSION:
                raise ValueError(f"format {raw.get('format')!r}, expected {SPEC_FORMAT_VERSION}")
            spec = cls(
                members=tuple(str(name) for name in raw["members"]),
                threshold=float(raw["threshold"]),
                cascade_margin=float(raw["cascade_margin"]),
                extra=dict(raw.get("extra", {})),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise HeadLoadError(f"Could not read the same-fact ensemble {path}: {exc}") from exc
        if not spec.members or not 0.0 < spec.threshold < 1.0 or spec.cascade_margin < 0.0:
            raise HeadLoadError(
                f"The same-fact ensemble {path} needs members, a threshold in (0, 1) and a margin >= 0, got "
                f"{len(spec.members)} members, threshold {spec.threshold}, margin {spec.cascade_margin}"
            )
        return spec


class SameFactEnsemble:
    def __init__(self, spec: EnsembleSpec, members: Sequence[FineTunedHead]) -> None:
        if len(members) != len(spec.members):
            raise ValueError(f"{len(spec.members)} members named, {len(members)} given")
        self.spec = spec
        self.members = tuple(members)
        self._threshold_logit = threshold_logit(spec.threshold)

    @classmethod
    def load(cls, path: Path = SAME_FACT_SPEC_PATH, *, members: int | None = None) -> SameFactEnsemble:
        """The ensemble `path` describes, or only its first `members` members (None: all of them)."""
        spec = EnsembleSpec.read(path)
        if members is not None:
            if not 1 <= members <= len(spec.members):
                raise HeadLoadError(
                    f"FACTCHECK_SAME_FACT_MEMBERS is {members}, but the same-fact ensemble {path.name} has "
                    f"{len(spec.members)} members"
                )
            spec = replace(spec, members=spec.members[:members])
        return cls(spec, [load_head(path.parent / name) for name in spec.members])

    def logits(self, pairs: Sequence[tuple[str, str]]) -> npt.NDArray[np.float64]:
        """The members' averaged logit per pair, or member 0's alone where it is clear of the threshold."""
        logits = both_orders(self.members[0], pairs)
        close = np.flatnonzero(np.abs(logits - self._threshold_logit) < self.spec.cascade_margin)
        if len(close) and len(self.members) > 1:
            close_pairs = [pairs[int(i)] for i in close]
            others = sum(both_orders(member, close_pairs) for member in self.members[1:])
            logits[close] = (logits[close] + others) / len(self.members)
        return logits

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> npt.NDArray[np.float64]:
        """Probability that each (a, b) states the same fact, shifted so the threshold falls at 0.5."""
        return probabilities_cut_at(self.logits(pairs), self.spec.threshold)


def both_orders(head: FineTunedHead, pairs: Sequence[tuple[str, str]]) -> npt.NDArray[np.float64]:
    """`head`'s logit for each pair read in both orders, averaged."""
    # Symmetric by construction: "A says what B says" must not depend on which text is the claim.
    first = [a for a, _ in pairs]
    second = [b for _, b in pairs]
    return (head.logits(first, second) + head.logits(second, first)) / 2


def configured_members() -> int | None:
    """How many members the installed `EngineConfig` asks for (None: every shipped member)."""
    return config.current().same_fact_members


load_same_fact_model = ProcessWide(lambda: SameFactEnsemble.load(members=configured_members()))


def same_fact_probabilities(pairs: Sequence[tuple[str, str]]) -> npt.NDArray[np.float64]:
    """Probability that each (a, b) states the same fact; symmetric: both reading orders are averaged."""
    if not pairs:
        return np.zeros(0, dtype=np.float64)
    return load_same_fact_model().probabilities(pairs)
