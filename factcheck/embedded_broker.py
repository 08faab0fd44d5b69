"""The embedded broker: Celery messages as files under var/broker/, for one machine without Redis (`make demo`).

kombu's filesystem transport with three repairs:
- a message is written under a hidden name and renamed into the queue, so a consumer never reads half of one;
- a consumer takes a message by renaming it into held/ (atomic on one filesystem: exactly one consumer wins), and the
  file stays there, named after the consumer's process, until the task is acknowledged. A worker killed mid-task
  leaves its held files behind; the next consumer that starts (or looks again a minute later) finds their process
  gone and puts them back in the queue, so `acks_late` redelivers as Redis does after its visibility timeout;
- queue files are named by wall-clock nanoseconds, zero-padded, so first in is first out across restarts.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from pathlib import Path
from queue import Empty
from typing import Any

from kombu.transport import filesystem, virtual
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

logger = logging.getLogger(__name__)

HELD_SEPARATOR = "~"
ORPHAN_SCAN_SECONDS = 60.0


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def restore_orphans(*, queue_folder: Path, held_folder: Path) -> int:
    """Put back in the queue every held message whose consumer process is gone; return how many."""
    restored = 0
    try:
        names = os.listdir(held_folder)
    except FileNotFoundError:
        return 0
    for name in names:
        owner, separator, original = name.partition(HELD_SEPARATOR)
        if not separator or not owner.isdigit() or _process_alive(int(owner)):
            continue
        try:
            os.replace(held_folder / name, queue_folder / original)
        except FileNotFoundError:
            continue  # another consumer restored it first
        restored += 1
    if restored:
        logger.warning("embedded broker: %d message(s) of stopped workers put back in the queue", restored)
    return restored


class QoS(virtual.QoS):
    channel: Channel

    def ack(self, delivery_tag: str) -> None:
        super().ack(delivery_tag)
        self.channel.release(delivery_tag)

    def reject(self, delivery_tag: str, requeue: bool = False) -> None:
        super().reject(delivery_tag, requeue=requeue)  # a requeue writes a fresh copy first
        self.channel.release(delivery_tag)

    def restore_unacked(self) -> Any:
        pending = list(self._delivered or ())
        restored: Any = super().restore_unacked()  # kombu returns the failures; its stub says None
        errors: list[tuple[BaseException, Any]] = restored or []
        failed = {message.delivery_tag for _, message in errors}
        for tag in pending:
            if tag not in failed:
                self.channel.release(tag)
        return errors


class Channel(filesystem.Channel):
    QoS = QoS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: dict[str, Path] = {}
        self._unacked_queues: set[str] = set()
        for folder in (self.queue_folder, self.held_folder, self.control_folder):
            folder.mkdir(parents=True, exist_ok=True)
        self._orphans_checked_at = float("-inf")  # the first look for messages restores orphans

    @property
    def queue_folder(self) -> Path:
        # One folder holds every queue: producers write where consumers read.
        return Path(self.data_folder_in)

    @property
    def held_folder(self) -> Path:
        return Path(self.transport_options.get("held_folder") or self.queue_folder.parent / "held")

    def basic_consume(self, queue: str, no_ack: bool, *args: Any, **kwargs: Any) -> Any:
        if not no_ack:
            self._unacked_queues.add(queue)
        return super().basic_consume(queue, no_ack, *args, **kwargs)

    def basic_get(self, queue: str, no_ack: bool = False, **kwargs: Any) -> Any:
        if not no_ack:
            self._unacked_queues.add(queue)
        return super().basic_get(queue, no_ack=no_ack, **kwargs)

    def get_table(self, exchange: str) -> list[Any]:
        table: list[Any] = super().get_table(exchange)
        if table:
            return table
        # The bindings file is gone (var/broker/ cleared while this process ran) but this process declared them:
        # write them again rather than routing every message to the dead-letter queue.
        remembered = (self.state.exchanges or {}).get(exchange, {}).get("table") or []
        if remembered:
            self.control_folder.mkdir(parents=True, exist_ok=True)
        for binding in remembered:
            self._queue_bind(exchange, *binding)
        return [filesystem.exchange_queue_t(*binding) for binding in remembered]

    def _put(self, queue: str, payload: Any, **kwargs: Any) -> None:  # type: ignore[override]
        name = f"{time.time_ns():020d}_{uuid.uuid4().hex}.{queue}.msg"
        partial = self.queue_folder / f".{name}.part"  # a hidden name: no consumer lists it
        self.queue_folder.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as handle:
            handle.write(str_to_bytes(dumps(payload)))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, self.queue_folder / name)

    def _get(self, queue: str, timeout: float | None = None) -> Any:
        now = time.monotonic()
        if now - self._orphans_checked_at > ORPHAN_SCAN_SECONDS:
            self._orphans_checked_at = now
            restore_orphans(queue_folder=self.queue_folder, held_folder=self.held_folder)
        wanted = f"{queue}.msg"
        try:
            names = sorted(os.listdir(self.queue_folder))
        except FileNotFoundError:
            raise Empty() from None
        for name in names:
            if name.startswith(".") or name.partition(".")[2] != wanted:
                continue
            held = self.held_folder / f"{os.getpid()}{HELD_SEPARATOR}{name}"
            self.held_folder.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(self.queue_folder / name, held)
            except FileNotFoundError:
                continue  # another consumer took it
            payload = loads(bytes_to_str(held.read_bytes()))
            if queue in self._unacked_queues:
                self._held[payload["properties"]["delivery_tag"]] = held
            else:
                held.unlink(missing_ok=True)  # consumed without acknowledgement (remote-control replies)
            return payload
        raise Empty()

    def release(self, delivery_tag: str) -> None:
        """The message is acknowledged (or back in the queue): drop its held copy."""
        held = self._held.pop(delivery_tag, None)
        if held is not None:
            held.unlink(missing_ok=True)

    def _size(self, queue: str) -> int:
        wanted = f"{queue}.msg"
        return sum(1 for n in os.listdir(self.queue_folder) if not n.startswith(".") and n.partition(".")[2] == wanted)


class Transport(filesystem.Transport):
    Channel = Channel
    driver_name = "factcheck-filesystem"
