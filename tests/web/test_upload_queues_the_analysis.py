"""An upload, and the admin's re-run, only queue the analysis on the embedded broker: no request runs the pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article
from claims.models import Claim
from tests.integration.fault_harness import point_celery_at, restore_celery

CORPUS = Path(__file__).resolve().parents[2] / "articles" / "sample_corpus"
OUTLET = {"source_name": "Meridian Press Agency", "source_domain": "meridianpress.example", "source_kind": "wire"}


@pytest.fixture
def embedded_broker(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Celery as the embedded mode runs it: tasks go to files under a broker folder, for a worker to take."""
    from factcheck.celery import app

    queue = tmp_path / "broker" / "queue"
    original_transport = (app.conf.broker_transport, app.conf.broker_transport_options)
    app.conf.broker_transport = "factcheck.embedded_broker:Transport"
    app.conf.broker_transport_options = {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(tmp_path / "broker" / "control"),
        "held_folder": str(tmp_path / "broker" / "held"),
    }
    original = point_celery_at(app, "filesystem://localhost/")
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = True
        app.conf.broker_transport, app.conf.broker_transport_options = original_transport
        restore_celery(app, original)


def queued_tasks(queue: Path) -> list[tuple[str, dict[str, Any]]]:
    """(task name, keyword arguments) of each message waiting in the embedded broker, oldest first."""
    found = []
    for path in sorted(queue.glob("*.msg")):
        message = json.loads(path.read_text())
        body = json.loads(__import__("base64").b64decode(message["body"]))
        found.append((message["headers"]["task"], body[1]))
    return found


def test_an_upload_is_stored_queued_and_answered_without_running_the_pipeline(
    editor_client: Client, embedded_broker: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("articles:upload"),
            {**OUTLET, "uploads": [SimpleUploadedFile("wire.txt", (CORPUS / "wire-original.txt").read_bytes())]},
            headers={"accept": "application/json"},
        )
    assert response.status_code == 201
    article = Article.objects.get()
    [result] = response.json()["results"]
    assert result["ok"] and result["status_code"] == "queued" and result["progress"] == 0
    assert result["status_url"] == reverse("articles:status", args=[article.pk])
    assert (article.status, article.progress, article.attempts) == ("queued", 0, 0)
    assert not Claim.objects.exists()
    assert queued_tasks(embedded_broker) == [("claims.tasks.article_process_task", {"article_id": article.pk})]


def test_the_upload_page_shows_each_uploaded_article_with_its_live_progress(
    editor_client: Client, embedded_broker: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("articles:upload"),
            {**OUTLET, "uploads": [SimpleUploadedFile("wire.txt", (CORPUS / "wire-original.txt").read_bytes())]},
        )
    article = Article.objects.get()
    page = response.content.decode()
    assert f'data-status-url="{reverse("articles:status", args=[article.pk])}"' in page
    assert 'data-role="bar"' in page and "Waiting for a worker · 0%" in page
    assert "js/upload-progress.js" in page
    status = editor_client.get(reverse("articles:status", args=[article.pk]), headers={"accept": "application/json"})
    assert status.json() | {"claims": None} == {
        "status": "queued",
        "status_display": "Queued",
        "stage": "Waiting for a worker",
        "progress": 0,
        "error": "",
        "finished": False,
        "claims": None,
    }


def test_the_admin_rerun_only_queues_the_analysis(
    moderator_client: Client, embedded_broker: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.factories import ArticleFactory

    article: Any = ArticleFactory(status=Article.Status.DONE, progress=100)
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "reprocess", "_selected_action": [article.pk]},
            follow=True,
        )
    assert response.status_code == 200
    assert "Queued 1 article(s) for a fresh analysis" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED
    assert queued_tasks(embedded_broker) == [("claims.tasks.article_process_task", {"article_id": article.pk})]
