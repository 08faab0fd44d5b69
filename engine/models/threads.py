"""How many threads a model call may use: fixed at start-up, or decided before each batch by the deployment.

A worker with several analysis processes on few cores gives each process its share of the cores. When only one of
them is analysing, its share leaves cores idle while an editor waits; a deployment can therefore install a budget
that the encoders read before every batch (claims.warm: the cores divided among the processes busy right now). The
thread count changes how fast a batch runs, never what it computes (checked: 0.0 difference between 1 and 2 threads
in float32 and bfloat16 on the shipped models).
"""

from __future__ import annotations

from collections.abc import Callable

_budget: Callable[[], int] | None = None


def set_thread_budget(budget: Callable[[], int] | None) -> None:
    """Install `budget` (called before each batch: how many threads to use now), or None to leave torch alone."""
    global _budget
    _budget = budget


def apply_thread_budget() -> None:
    """Set torch's intra-op threads to the installed budget, if there is one and it changed."""
    if _budget is None:
        return
    import torch

    wanted = max(1, _budget())
    if wanted != torch.get_num_threads():
        torch.set_num_threads(wanted)


# Threads of each ONNX Runtime session (fixed when a session is created; None: torch's count at that moment).
_runtime_threads: int | None = None


def set_runtime_threads(count: int | None) -> None:
    """Threads for the ONNX Runtime sessions built from now on: the most the budget would ever hand this process.

    A session cannot change its thread count per call, so a worker whose budget follows its busy processes gives
    its sessions every core: an article analysed alone uses them all, and two at once share them (measured no slower
    than one thread each, with spinning off; engine.models.onnx_runtime).
    """
    global _runtime_threads
    if count is not None and count < 1:
        raise ValueError(f"a session needs at least one thread, got {count}")
    _runtime_threads = count


def runtime_threads() -> int:
    if _runtime_threads is not None:
        return _runtime_threads
    import torch

    return max(1, torch.get_num_threads())
