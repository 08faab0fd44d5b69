"""The second stance reading is skipped only where the first leaves no call open (pairs.BACKWARD_READING_GATE)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from engine.matching import pairs
from engine.stance.model import StanceModel, load_stance_model

PAIRS = [
    ("Five fighters were killed in the attack on the convoy.", "No casualties were reported after the convoy attack."),
    ("The central bank raised rates by a quarter point.", "The central bank increased its rate by 0.25 points."),
    ("The company will cut 2,000 jobs this year.", "The weather in Lisbon was sunny on Tuesday."),
]


class CountingStanceModel:
    """The shipped stance model, counting the pairs it is asked to read."""

    def __init__(self, model: StanceModel) -> None:
        self.model = model
        self.read: list[tuple[str, str]] = []

    def probabilities(self, texts: Sequence[tuple[str, str]]) -> npt.NDArray[np.float64]:
        self.read.extend(texts)
        return self.model.probabilities(texts)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> CountingStanceModel:
    model = CountingStanceModel(load_stance_model())
    monkeypatch.setattr(pairs, "load_stance_model", lambda: model)
    return model


@pytest.mark.slow
def test_a_gate_no_first_reading_reaches_reads_every_pair_both_ways(
    counting: CountingStanceModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    ungated = pairs._read_pairs(PAIRS, both_ways=True)
    monkeypatch.setattr(pairs, "BACKWARD_READING_GATE", 1.01)
    counting.read.clear()

    gated = pairs._read_pairs(PAIRS, both_ways=True)

    assert len(counting.read) == 2 * len(PAIRS)
    assert gated == ungated


@pytest.mark.slow
def test_where_the_first_reading_is_conclusive_the_second_is_skipped(
    counting: CountingStanceModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    forward_only = pairs._read_pairs(PAIRS, both_ways=False)
    gate = float(np.median([reading["related"] for reading in forward_only.values()]))
    monkeypatch.setattr(pairs, "BACKWARD_READING_GATE", gate)
    counting.read.clear()

    gated = pairs._read_pairs(PAIRS, both_ways=True)

    conclusive = [texts for texts, reading in forward_only.items() if reading["related"] >= gate]
    assert conclusive and len(counting.read) == 2 * len(PAIRS) - len(conclusive)
    assert all(gated[texts] == forward_only[texts] for texts in conclusive)
    assert all((passage, claim) not in counting.read for claim, passage in conclusive)
