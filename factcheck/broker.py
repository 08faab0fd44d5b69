"""Celery's Redis transport, repaired so that a worker which loses Redis while it holds messages keeps running.

When the connection drops, Celery closes the consumer's connection. If the channel was waiting on a BRPOP, kombu 5.7's
first attempt to close it fails on the dead socket, the connection lets go of its transport anyway, and the channel is
only closed afterwards: by then it cannot find Redis any more (its transport's `client` is None, and once closed its
own `connection` is None too). Two things still need Redis on such a channel: restoring the messages it held (at
close) and settling a late-acked task that finishes after the loss (ack or reject). Upstream kombu sends both through
the channel's connection settings and dies on an AttributeError ('hostname' or 'client') that stops the worker.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis as redis_py
from kombu.transport import redis, virtual

logger = logging.getLogger(__name__)

# A settlement on a detached channel runs in the worker's event loop: never wait long for a Redis that is not there.
DETACHED_SOCKET_TIMEOUT = 5.0


def _detached(channel: Any) -> bool:
    """Whether the channel's connection to Redis is gone: it was closed, or its connection let go of its transport."""
    transport = channel.connection
    return transport is None or transport.client is None


class QoS(redis.QoS):
    def restore_unacked(self, client: Any = None) -> None:
        if client is None and _detached(self.channel):
            # Redis is unreachable at this moment anyway (this close follows its loss): the messages stay in its
            # unacked set and it hands them out again after the visibility timeout; the outbox, recovery and webhook
            # sweeps resend sooner. A task still running settles its own message (see `ack`).
            held = self._delivered
            if held:
                logger.warning("%d held message(s) left to the broker's visibility timeout", len(held))
                held.clear()
            return
        super().restore_unacked(client)

    def ack(self, delivery_tag: str) -> None:
        if not _detached(self.channel):
            super().ack(delivery_tag)
            return
        # A late-acked task finished after the connection it came on was lost: remove its message from Redis's unacked
        # set through a connection of its own, so Redis (if it kept the set) does not hand it out again.
        self._settle_detached(delivery_tag, "ack")
        virtual.QoS.ack(self, delivery_tag)

    def reject(self, delivery_tag: str, requeue: bool = False) -> None:
        if not _detached(self.channel):
            super().reject(delivery_tag, requeue=requeue)
            return
        if requeue:
            # Putting it back in its queue needs the exchange table of the transport this channel lost; left in the
            # unacked set, the message is handed out again after the visibility timeout.
            logger.warning("message %s left to the broker's visibility timeout: its connection was lost", delivery_tag)
        else:
            self._settle_detached(delivery_tag, "reject")
        virtual.QoS.ack(self, delivery_tag)

    def _settle_detached(self, delivery_tag: str, what: str) -> None:
        channel: Any = self.channel  # our Channel; kombu's stubs type it as the virtual base
        try:
            with channel.detached_client() as client:
                # What kombu's `_remove_from_indices` sends, on a connection of its own.
                client.pipeline().zrem(self.unacked_index_key, delivery_tag).hdel(
                    self.unacked_key, delivery_tag
                ).execute()
        except channel.connection_errors as exc:
            # Redis is still away. Dropping the ack is safe: every task is idempotent (article runs are lease-guarded,
            # webhook deliveries deduplicated by id), so the redelivery after the visibility timeout changes nothing.
            logger.warning(
                "%s of message %s dropped (Redis unreachable: %s): the broker hands it out again after its "
                "visibility timeout",
                what,
                delivery_tag,
                exc,
            )
        else:
            logger.info("%s of message %s sent on a new connection: its own was lost", what, delivery_tag)


class Channel(redis.Channel):
    QoS = QoS
    # The settings of this channel's own Redis connections, kept for `detached_client`.
    _detached_params: dict[str, Any] | None = None

    def _connparams(self, asynchronous: bool = False) -> dict[str, Any]:
        params: dict[str, Any] = super()._connparams(asynchronous=asynchronous)  # type: ignore[misc]  # not in the stubs
        if not asynchronous:
            self._detached_params = dict(params)
        return params

    @contextmanager
    def detached_client(self) -> Iterator[Any]:
        """Yield a client on a connection of its own to this channel's Redis, closed on exit."""
        params = self._detached_params
        if params is None:  # never opened a connection, so it never delivered a message: nothing to settle
            raise redis_py.ConnectionError("the channel never connected")
        params = dict(params)
        for timeout in ("socket_timeout", "socket_connect_timeout"):
            if params.get(timeout) is None:
                params[timeout] = DETACHED_SOCKET_TIMEOUT
        pool = redis_py.ConnectionPool(**params)
        client_kwargs: dict[str, Any] = {"connection_pool": pool}
        if params.get("credential_provider") is not None:  # as kombu's own `_create_client` passes it
            client_kwargs["credential_provider"] = params["credential_provider"]
        try:
            yield self.Client(**client_kwargs)
        finally:
            pool.disconnect()


class Transport(redis.Transport):
    Channel = Channel
