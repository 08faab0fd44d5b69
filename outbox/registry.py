"""Which tasks carry out each outbox topic. Higher apps subscribe; the app that records an event never knows them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, Protocol, TypeVar


class Dispatchable(Protocol):
    """A Celery task, as far as the relay uses it."""

    name: str

    def apply_async(self, *args: Any, **kwargs: Any) -> Any: ...


TaskT = TypeVar("TaskT", bound=Dispatchable)

_subscribers: defaultdict[str, dict[str, Dispatchable]] = defaultdict(dict)


def subscribe(*topics: str) -> Callable[[TaskT], TaskT]:
    """Decorate a Celery task (stacked above `@shared_task`) so the relay sends it every event of these topics.

    The task receives the event's payload as keyword arguments, and may receive an event more than once (the
    relay delivers at least once), so it must be idempotent.
    """

    def register(task: TaskT) -> TaskT:
        for topic in topics:
            _subscribers[topic][task.name] = task
        return task

    return register


def subscribers(topic: str) -> list[Dispatchable]:
    return list(_subscribers.get(topic, {}).values())
