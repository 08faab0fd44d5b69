"""A Celery worker process of the analysis queue loads the models when it starts, not on its first article."""

from __future__ import annotations

from typing import Any

import pytest
from celery.signals import worker_process_init

from claims import warm
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
