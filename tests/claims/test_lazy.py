"""ProcessWide builds its object once, even when several threads ask for it first at the same time."""

from __future__ import annotations

import threading
import time

import pytest

from engine.models.lazy import ProcessWide


def test_concurrent_first_calls_share_one_build() -> None:
    builds: list[int] = []

    def slow_build() -> object:
        builds.append(1)
        time.sleep(0.05)
        return object()

    shared = ProcessWide(slow_build)
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(shared())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(builds) == 1
    assert len(results) == 8 and all(result is results[0] for result in results)


def test_a_failed_build_is_retried_on_the_next_call() -> None:
    attempts: list[int] = []

    def flaky_build() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("model file truncated")
        return "model"

    shared = ProcessWide(flaky_build)
    with pytest.raises(RuntimeError, match="truncated"):
        shared()

    assert shared() == "model" and len(attempts) == 2
