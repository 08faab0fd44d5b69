"""Load the analysis models when a Celery worker process starts, so no article waits ~10 s behind a cold model.

Each prefork child builds its own copies (torch state does not survive a fork safely), right after the fork and
before it takes a task. A worker that only consumes the housekeeping queue never analyses an article, so it skips
the models and their memory. FACTCHECK_WARM_WORKERS=0 turns warming off (a debugging session, a tiny machine).
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from billiard.process import current_process
from celery.signals import worker_init, worker_process_init
from django.conf import settings

from engine.models.threads import runtime_threads, set_runtime_threads, set_thread_budget

logger = logging.getLogger(__name__)


# Name, module and process-wide loader of every model an article's analysis uses; the sentence embedder first.
ANALYSIS_MODELS = (
    ("sentence embedder", "engine.models.embedder", "load_embedder"),
    ("check-worthiness scorer", "engine.extraction.scorer", "load_scorer"),
    ("static embeddings", "engine.models.static_embeddings", "load_static_embedder"),
    ("spaCy pipeline", "engine.models.spacy_pipeline", "load_spacy"),
    ("stance model", "engine.stance.model", "load_stance_model"),
)


def analysis_models() -> list[tuple[str, Any]]:
    """Name and loader of each analysis model this engine still has (a retired model's module may be gone)."""
    found: list[tuple[str, Any]] = []
    for name, module, attribute in ANALYSIS_MODELS:
        try:
            found.append((name, getattr(importlib.import_module(module), attribute)))
        except (ImportError, AttributeError):
            logger.info("No %s in this engine (%s.%s): not warmed", name, module, attribute)
    return found


def warm_models() -> dict[str, float]:
    """Build every analysis model and run one tiny input through the encoder; seconds per model built."""
    seconds: dict[str, float] = {}
    for name, load in analysis_models():
        started = time.perf_counter()
        try:
            model = load()
            if name == "sentence embedder":
                model.encode(["A worker warms up before its first article."])  # the first call sets up torch
        except Exception:
            # A model that cannot load fails the first task that needs it, with its specific error; never the
            # worker, and never the other models.
            logger.exception("Could not warm the %s; it loads on first use instead", name)
            continue
        seconds[name] = round(time.perf_counter() - started, 2)
    return seconds


# The worker's process count, read in the parent before it forks (worker_init); each child inherits it.
_worker_processes = 1
# One flag per pool slot, in memory shared by the children (made in the parent before it forks): 1 while the slot's
# process analyses. A child that replaces a dead one takes its slot and clears the flag, so a killed task cannot leave
# the count high for good.
_busy_slots: Any = None


def torch_threads_per_process(processes: int) -> int:
    """FACTCHECK_TORCH_THREADS, or the cores shared out between the worker's processes (at least one each)."""
    return settings.FACTCHECK_TORCH_THREADS or max(1, (os.cpu_count() or 1) // max(1, processes))


@worker_init.connect(dispatch_uid="claims.warm_count_processes")
def count_worker_processes(sender: Any = None, **_: Any) -> None:
    global _worker_processes, _busy_slots
    concurrency = getattr(sender, "concurrency", None) or 1
    # Celery resolves an "auto" concurrency only after this signal; it then sizes the pool to the machine.
    _worker_processes = concurrency if isinstance(concurrency, int) else os.cpu_count() or 1
    _busy_slots = multiprocessing.Array("b", _worker_processes)


def _pool_slot() -> int | None:
    """This process's slot in the prefork pool (billiard numbers its children 0..n-1), or None outside a pool."""
    index = getattr(current_process(), "index", None)
    slots = _busy_slots
    return index if isinstance(index, int) and slots is not None and 0 <= index < len(slots) else None


def busy_processes() -> int:
    """How many of this worker's processes are analysing right now (at least this one when called from a task)."""
    slots = _busy_slots
    return max(1, sum(slots)) if slots is not None else 1


def threads_for_busy_processes() -> int:
    """The cores shared out between the processes analysing right now: all of them for an article analysed alone."""
    return torch_threads_per_process(busy_processes())


@contextmanager
def analysis_running() -> Iterator[None]:
    """Mark this pool process as analysing for the duration of the block (no-op outside a prefork pool)."""
    slot = _pool_slot()
    if slot is None:
        yield
        return
    _busy_slots[slot] = 1
    try:
        yield
    finally:
        _busy_slots[slot] = 0


def consumes_analysis_queue(app: Any) -> bool:
    queues = getattr(app.amqp.queues, "consume_from", None)
    return not queues or settings.CELERY_TASK_DEFAULT_QUEUE in queues


@worker_process_init.connect(dispatch_uid="claims.warm_worker_process")
def warm_worker_process(**_: Any) -> None:
    from factcheck.celery import app

    if not consumes_analysis_queue(app):
        return
    import torch

    # Before any model runs: more busy threads than cores makes every forward pass wait for the others.
    torch.set_num_threads(torch_threads_per_process(_worker_processes))
    slot = _pool_slot()
    if slot is not None:
        _busy_slots[slot] = 0  # a replacement child starts idle, whatever its predecessor was doing
        if not settings.FACTCHECK_TORCH_THREADS:
            # Automatic threads: before each batch, the cores go to the processes busy at that moment, so an article
            # analysed alone runs on every core and two at once share them.
            set_thread_budget(threads_for_busy_processes)
            # ONNX Runtime sessions fix their threads when built: every core, the most the budget ever hands out.
            set_runtime_threads(torch_threads_per_process(1))
    if not settings.FACTCHECK_WARM_WORKERS:
        return
    started = time.perf_counter()
    seconds = warm_models()
    logger.info(
        "Analysis models loaded in %.1f s (%d torch threads, %d per ONNX Runtime session): %s",
        time.perf_counter() - started,
        torch.get_num_threads(),
        runtime_threads(),
        seconds,
    )
