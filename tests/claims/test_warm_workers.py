"""A Celery worker process of the analysis queue loads the models when it starts, not on its first article."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from typing import Any

import pytest
from celery.signals import worker_process_init

from claims import warm
from engine.models.threads import apply_thread_budget, runtime_threads, set_runtime_threads, set_thread_budget
from factcheck.celery import app


@pytest.fixture
def cold_models(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every analysis model unbuilt in this process (monkeypatch puts the built ones back afterwards)."""
    loaders = [load for _, load in warm.analysis_models()]
    for load in loaders:
        monkeypatch.setattr(load, "_value", None)
    return loaders


def test_a_new_analysis_worker_process_builds_every_model_before_any_task(cold_models: list[Any]) -> None:
    worker_process_init.send(sender=None)
    assert cold_models[0]._value is not None  # the sentence embedder
    for load in cold_models:
        if load._value is None:  # only a model that cannot load at all is left for its first task
            with pytest.raises(Exception):  # noqa: B017
                load()


def test_a_housekeeping_only_worker_does_not_load_the_models(
    cold_models: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    queues = app.amqp.queues
    # What `celery worker -Q housekeeping` leaves the worker consuming (Queues.select), put back afterwards.
    monkeypatch.setattr(queues, "_consume_from", {"housekeeping": queues["housekeeping"]})
    worker_process_init.send(sender=None)
    assert all(load._value is None for load in cold_models)


def test_warming_can_be_switched_off(cold_models: list[Any], settings: Any) -> None:
    settings.FACTCHECK_WARM_WORKERS = False
    worker_process_init.send(sender=None)
    assert all(load._value is None for load in cold_models)


@pytest.mark.parametrize(
    ("cores", "processes", "configured", "expected"), [(2, 2, 0, 1), (8, 2, 0, 4), (2, 4, 0, 1), (8, 2, 3, 3)]
)
def test_torch_threads_share_the_cores_between_the_workers_processes(
    cores: int, processes: int, configured: int, expected: int, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.setattr(warm.os, "cpu_count", lambda: cores)
    settings.FACTCHECK_TORCH_THREADS = configured
    assert warm.torch_threads_per_process(processes) == expected


def test_an_analysis_worker_process_runs_torch_on_its_share_of_the_cores(
    cold_models: list[Any], monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    import torch

    before = torch.get_num_threads()
    monkeypatch.setattr(warm.os, "cpu_count", lambda: 2)
    settings.FACTCHECK_WARM_WORKERS = False  # only the thread count is under test here
    warm.count_worker_processes(sender=type("WorkController", (), {"concurrency": 2})())
    try:
        worker_process_init.send(sender=None)
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
        warm.count_worker_processes(sender=None)


class _PoolChild:
    """What billiard's current_process() is inside a prefork child: a process with its pool slot's index."""

    def __init__(self, index: int) -> None:
        self.index = index


def _mark_slot_busy(slot: int) -> None:
    warm._busy_slots[slot] = 1


@pytest.fixture
def two_process_worker(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[None]:
    import torch

    before = torch.get_num_threads()
    monkeypatch.setattr(warm.os, "cpu_count", lambda: 2)
    settings.FACTCHECK_WARM_WORKERS = False
    warm.count_worker_processes(sender=type("WorkController", (), {"concurrency": 2})())
    yield
    set_thread_budget(None)
    set_runtime_threads(None)
    torch.set_num_threads(before)
    warm.count_worker_processes(sender=None)


def test_an_article_analysed_alone_gets_every_core_and_two_at_once_share_them(
    two_process_worker: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warm, "current_process", lambda: _PoolChild(0))

    with warm.analysis_running():
        alone = warm.threads_for_busy_processes()
        # The sibling is a real forked process writing the shared flags, as a prefork child does.
        sibling = multiprocessing.get_context("fork").Process(target=_mark_slot_busy, args=(1,))
        sibling.start()
        sibling.join(timeout=30)
        together = warm.threads_for_busy_processes()

    assert (alone, together) == (2, 1)
    assert warm.busy_processes() == 1  # this process's flag is down again; the sibling's is still up


def test_a_replacement_worker_process_clears_its_slot_and_follows_the_busy_count(
    two_process_worker: None, monkeypatch: pytest.MonkeyPatch, cold_models: list[Any]
) -> None:
    import torch

    warm._busy_slots[1] = 1  # its predecessor was killed mid-task
    monkeypatch.setattr(warm, "current_process", lambda: _PoolChild(1))

    worker_process_init.send(sender=None)
    apply_thread_budget()

    assert warm.busy_processes() == 1 and sum(warm._busy_slots) == 0
    assert torch.get_num_threads() == 2
    # ONNX Runtime sessions cannot follow the budget per call: they are built with every core.
    assert runtime_threads() == 2


def test_fixed_torch_threads_are_left_alone(
    two_process_worker: None, monkeypatch: pytest.MonkeyPatch, settings: Any, cold_models: list[Any]
) -> None:
    import torch

    settings.FACTCHECK_TORCH_THREADS = 1
    monkeypatch.setattr(warm, "current_process", lambda: _PoolChild(0))

    worker_process_init.send(sender=None)
    apply_thread_budget()

    assert torch.get_num_threads() == 1
    assert runtime_threads() == 1
