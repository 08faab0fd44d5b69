"""On Redis an upload's analysis is handed out before evidence refreshes that were queued earlier."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from kombu import Connection

from claims.tasks import article_process_task, evidence_refresh_task

pytestmark = pytest.mark.integration


@pytest.fixture
def redis_broker(settings: pytest.FixtureRequest) -> Iterator[Connection]:
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.fail("this test needs CELERY_BROKER_URL pointing at Redis: run make test")
    from factcheck.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = broker
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
        yield conn
        conn.default_channel.queue_purge("celery")


def test_an_upload_is_taken_before_refreshes_queued_earlier(redis_broker: Connection) -> None:
    for article_id in (101, 102, 103):
        evidence_refresh_task.apply_async(kwargs={"article_id": article_id}, retry=False)
    article_process_task.apply_async(kwargs={"article_id": 7}, retry=False)

    channel = redis_broker.default_channel
    handed_out = []
    while (message := channel.basic_get("celery", no_ack=True)) is not None:
        handed_out.append((message.headers["task"], message.headers["kwargsrepr"]))

    assert handed_out[0] == ("claims.tasks.article_process_task", "{'article_id': 7}")
    assert [task for task, _ in handed_out[1:]] == ["claims.tasks.evidence_refresh_task"] * 3
