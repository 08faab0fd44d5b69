"""PyTorch encoders ask the installed thread budget before each batch; without one torch keeps its setting.

(ONNX Runtime sessions fix their threads when built: tests/models/test_onnx_runtime.py.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import torch

from engine.models.embedder import build_embedder
from engine.models.threads import set_thread_budget


@pytest.fixture
def restored_threads() -> Iterator[None]:
    before = torch.get_num_threads()
    yield
    set_thread_budget(None)
    torch.set_num_threads(before)


def test_an_encoder_runs_each_batch_on_the_budget_of_that_moment(restored_threads: None) -> None:
    embedder = build_embedder("float32", "torch")
    asked: list[int] = []

    def budget() -> int:
        asked.append(torch.get_num_threads())
        return 1

    set_thread_budget(budget)
    embedder.encode(["Three people were killed.", "A much longer sentence about the flood and the bridge."])

    assert asked and torch.get_num_threads() == 1


def test_without_a_budget_the_thread_count_is_left_alone(restored_threads: None) -> None:
    torch.set_num_threads(2)
    build_embedder("float32", "torch").encode(["Three people were killed."])

    assert torch.get_num_threads() == 2
