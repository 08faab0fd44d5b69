"""Sweeps and webhooks travel on their own queue, so a long analysis never delays them (the housekeeping worker)."""

from __future__ import annotations

import pytest

from factcheck.celery import app


def queue_of(task_name: str) -> str:
    return str(app.amqp.router.route({}, task_name)["queue"].name)


@pytest.mark.parametrize(
    "task_name",
    [
        "outbox.tasks.outbox_sweep_task",
        "claims.tasks.article_runs_recover_task",
        "partners.tasks.deliveries_sweep_task",
        "partners.tasks.deliver_webhook_task",
        "partners.tasks.verdict_announce_task",
    ],
)
def test_housekeeping_tasks_go_to_the_housekeeping_queue(task_name: str) -> None:
    assert queue_of(task_name) == "housekeeping"


@pytest.mark.parametrize("task_name", ["claims.tasks.article_process_task", "claims.tasks.evidence_refresh_task"])
def test_the_analysis_goes_to_the_default_queue(task_name: str) -> None:
    assert queue_of(task_name) == "celery"


def test_every_scheduled_sweep_runs_on_the_housekeeping_worker() -> None:
    for entry in app.conf.beat_schedule.values():
        assert queue_of(entry["task"]) == "housekeeping", entry["task"]
