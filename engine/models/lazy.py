"""Process-wide objects that are expensive to build (models, tables), built once, on first use, by one thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


class ProcessWide(Generic[T]):
    """Call it to get the object `build` makes; the first call builds it, concurrent first calls wait for that one."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None
        self._lock = threading.Lock()

    def __call__(self) -> T:
        value = self._value
        if value is not None:
            return value
        with self._lock:
            if self._value is None:
                self._value = self._build()
            return self._value

    @contextmanager
    def using(self, value: T) -> Iterator[T]:
        """Serve `value` instead inside the block (a benchmark timing two builds of one model in one process)."""
        with self._lock:
            previous, self._value = self._value, value
        try:
            yield value
        finally:
            with self._lock:
                self._value = previous
