"""The embedded broker (files under var/broker/): each message reaches one consumer, and a message whose consumer was
killed before acknowledging it is delivered again, as acks_late promises."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from queue import Empty
from typing import Any

import pytest
from kombu import Connection

ROOT = Path(__file__).resolve().parent.parent
TRANSPORT = "factcheck.embedded_broker:Transport"


def options(folder: Path) -> dict[str, Any]:
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "held_folder": str(folder / "held"),
        "polling_interval": 0.05,
    }


def connect(folder: Path) -> Connection:
    return Connection("filesystem://localhost/", transport=TRANSPORT, transport_options=options(folder))


def test_messages_come_out_in_order_and_each_reaches_one_consumer(tmp_path: Path) -> None:
    with connect(tmp_path) as producer:
        queue = producer.SimpleQueue("jobs")
        for n in range(12):
            queue.put({"n": n})
        queue.close()
    received = []
    with connect(tmp_path) as first, connect(tmp_path) as second:
        queues = [first.SimpleQueue("jobs"), second.SimpleQueue("jobs")]
        for turn in range(12):
            message = queues[turn % 2].get(timeout=2)
            received.append(message.payload["n"])
            message.ack()
        for queue in queues:
            with pytest.raises(Empty):
                queue.get(timeout=0.2)
            queue.close()
    assert received == list(range(12))
    assert os.listdir(tmp_path / "held") == []
    assert os.listdir(tmp_path / "queue") == []


def test_a_half_written_message_is_never_read(tmp_path: Path) -> None:
    with connect(tmp_path) as connection:
        queue = connection.SimpleQueue("jobs")
        (tmp_path / "queue" / ".00000000000000000001_x.jobs.msg.part").write_text('{"bod')
        assert queue.qsize() == 0
        with pytest.raises(Empty):
            queue.get(timeout=0.2)
        queue.close()


TAKE_AND_HANG = """
import sys, time
from kombu import Connection
from tests.test_embedded_broker import connect
from pathlib import Path
with connect(Path(sys.argv[1])) as connection:
    message = connection.SimpleQueue("jobs").get(timeout=5)
    print(message.payload["n"], flush=True)
    time.sleep(60)
"""


def test_a_message_held_by_a_killed_consumer_is_delivered_again_and_an_acknowledged_one_is_not(tmp_path: Path) -> None:
    with connect(tmp_path) as producer:
        queue = producer.SimpleQueue("jobs")
        queue.put({"n": 1})
        queue.put({"n": 2})
        queue.close()
    consumer = subprocess.Popen(
        [sys.executable, "-c", TAKE_AND_HANG, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert consumer.stdout is not None
        assert consumer.stdout.readline().strip() == "1"  # taken, not acknowledged
        assert len(os.listdir(tmp_path / "held")) == 1
        with connect(tmp_path) as connection:
            queue = connection.SimpleQueue("jobs")
            # While its consumer lives, the held message belongs to it.
            message = queue.get(timeout=2)
            assert message.payload == {"n": 2}
            message.ack()
            with pytest.raises(Empty):
                queue.get(timeout=0.2)
            queue.close()
        os.kill(consumer.pid, signal.SIGKILL)
        consumer.wait(timeout=10)
        with connect(tmp_path) as connection:
            # A consumer that starts looking restores what the killed one held.
            queue = connection.SimpleQueue("jobs")
            message = queue.get(timeout=2)
            assert message.payload == {"n": 1}
            message.ack()
            with pytest.raises(Empty):
                queue.get(timeout=0.2)
            queue.close()
        assert os.listdir(tmp_path / "held") == []
    finally:
        if consumer.poll() is None:
            consumer.kill()
            consumer.wait(timeout=10)


def test_a_cleared_broker_folder_loses_no_later_message(tmp_path: Path) -> None:
    import shutil

    with connect(tmp_path) as connection:
        queue = connection.SimpleQueue("jobs")
        queue.put({"n": 1})
        first = queue.get(timeout=2)
        assert first.payload == {"n": 1}
        first.ack()
        shutil.rmtree(tmp_path)  # someone cleared var/broker/ while the web server and the workers run
        queue.put({"n": 2})
        message = queue.get(timeout=2)
        assert message.payload == {"n": 2}
        message.ack()
        queue.close()
