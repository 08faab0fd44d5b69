"""Celery's Redis transport with one repair: a worker that loses Redis while it holds messages keeps running."""

from __future__ import annotations

import logging
from typing import Any

from kombu.transport import redis

logger = logging.getLogger(__name__)


class QoS(redis.QoS):
    def restore_unacked(self, client: Any = None) -> None:
        try:
            super().restore_unacked(client)
        except AttributeError:
            # kombu 5.7 closes the channel of a lost connection after the connection let go of its transport, so the
            # restore of the messages the worker held (a scheduled retry, a prefetched task) dies on
            # "'NoneType' object has no attribute 'hostname'" and takes the worker with it. Redis is unreachable at
            # that moment anyway: the messages stay in its unacked set, it hands them out again after the visibility
            # timeout, and the outbox, recovery and webhook sweeps resend sooner.
            held = self._delivered
            if held is not None:
                logger.warning("%d held message(s) left to the broker's visibility timeout", len(held))
                held.clear()


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel
