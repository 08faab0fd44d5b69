"""The project's Redis transport (factcheck/broker.py) against a real redis-server of the test's own: a late-acked
message whose connection was lost while the worker held it is settled, never a crash.

Each test holds a message the way a Celery worker with a free process does (delivered, unacknowledged, and a BRPOP
waiting for the next one, plus a second channel waiting on its own queue as the remote-control consumer does), loses
Redis, closes the connection exactly as Celery's consumer does on a connection error, and only then settles the message.
With kombu 5.7's own transport the ack dies on "'NoneType' object has no attribute 'client'" and takes the worker down.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import redis as redis_py
from kombu import Connection, Exchange, Queue
from kombu.message import Message

from tests.integration.fault_harness import RedisBroker

pytestmark = pytest.mark.integration

TASKS = Queue("celery", Exchange("celery", type="direct"), routing_key="celery")
CONTROL = Queue("control", Exchange("control", type="direct"), routing_key="control")


@dataclass
class Held:
    broker: RedisBroker
    connection: Connection
    message: Message

    def redis(self) -> redis_py.Redis:
        return redis_py.Redis(port=self.broker.port)

    def unacked(self) -> set[str]:
        return {tag.decode() for tag in self.redis().hkeys("unacked")}

    def lose_connection(self, *, redis_restarts: bool) -> None:
        """Lose Redis, then close the connection as Celery's consumer does (collect, then close)."""
        if redis_restarts:
            self.broker.stop()
        else:  # a network drop: Redis keeps its state, the worker's connections are cut
            self.redis().client_kill_filter(_type="normal", skipme=True)
        self.connection.collect(socket_timeout=1.0)
        self.connection.close()


@contextmanager
def held_message() -> Iterator[Held]:
    broker = RedisBroker()
    broker.start()
    try:
        with Connection(broker.url) as publisher:
            publisher.Producer().publish(
                {"article_id": 1}, exchange=TASKS.exchange, routing_key="celery", declare=[TASKS]
            )
        connection = Connection(broker.url, transport="factcheck.broker:Transport")
        connection.ensure_connection()
        connection.default_channel.basic_qos(0, 2, False)  # a second process is free: the worker keeps asking
        delivered: list[Message] = []
        connection.Consumer(
            TASKS, callbacks=[lambda body, message: delivered.append(message)], accept=["json"]
        ).consume()
        connection.Consumer(
            CONTROL, channel=connection.channel(), callbacks=[lambda *_: None], accept=["json"]
        ).consume()
        connection.drain_events(timeout=5)
        with pytest.raises(TimeoutError):
            connection.drain_events(timeout=0.3)  # leaves the BRPOP for the next message outstanding
        (message,) = delivered
        held = Held(broker=broker, connection=connection, message=message)
        assert held.unacked() == {message.delivery_tag}
        yield held
    finally:
        broker.stop()


def test_a_late_ack_after_a_network_drop_reaches_redis_so_the_message_is_not_handed_out_again():
    with held_message() as held:
        held.lose_connection(redis_restarts=False)
        held.message.ack()  # the task finished after the drop
        assert held.message.acknowledged
        assert held.unacked() == set()  # Redis will not redeliver a task that already ran


def test_a_late_ack_after_redis_restarted_is_settled_and_the_transport_stays_usable():
    with held_message() as held:
        held.lose_connection(redis_restarts=True)
        held.broker.start()
        held.message.ack()
        assert held.message.acknowledged
        with Connection(held.broker.url, transport="factcheck.broker:Transport") as fresh:
            fresh.Producer().publish({"article_id": 2}, exchange=TASKS.exchange, routing_key="celery", declare=[TASKS])
            assert fresh.SimpleQueue("celery").get(timeout=5).payload == {"article_id": 2}


def test_a_late_ack_while_redis_is_still_down_is_logged_and_dropped(caplog):
    with held_message() as held:
        held.lose_connection(redis_restarts=True)  # and Redis stays down
        with caplog.at_level(logging.WARNING, logger="factcheck.broker"):
            held.message.ack()
        assert held.message.acknowledged
        assert f"ack of message {held.message.delivery_tag} dropped (Redis unreachable" in caplog.text


def test_a_requeue_after_a_network_drop_leaves_the_message_to_the_visibility_timeout():
    with held_message() as held:
        held.lose_connection(redis_restarts=False)
        held.message.requeue()  # as task_reject_on_worker_lost does when a pool process dies
        assert held.unacked() == {held.message.delivery_tag}  # still Redis's to hand out again
        assert held.redis().llen("celery") == 0
