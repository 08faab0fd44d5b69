"""After an upload the page follows each article's analysis live, on a real Celery worker, until it is done; a file
that could not be stored shows its own error beside the others."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import editor
from tests.integration.test_celery_worker import celery_worker_process  # noqa: F401  (the live worker fixture)
from tests.web.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.integration]

CORPUS = Path(__file__).resolve().parents[2] / "articles" / "sample_corpus"
PASTED = (
    "Lorvan council approves flood barrier\n\n"
    "The Lorvan council approved a new flood barrier on Monday after last week's collapse of the river bridge. "
    "The barrier will cost 3.2 million euros and should be finished by next spring, mayor Ana Petrovic said. "
    "At least 14 people died when the bridge fell, according to the regional police."
)


def test_the_upload_page_shows_each_article_progress_until_it_is_done(
    desk_roles: None,
    live_server: Any,
    browser: Any,
    artifacts_dir: Path,
    celery_worker_process: Any,  # noqa: F811
) -> None:
    page = browser_login(browser, live_server, editor(username="uploader"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/articles/upload/")
    page.get_by_label("New outlet name").fill("Meridian Press Agency")
    page.get_by_label("New outlet domain").fill("meridianpress.example")
    page.locator('input[type="file"]').set_input_files(
        [
            {
                "name": "wire-original.txt",
                "mimeType": "text/plain",
                "buffer": (CORPUS / "wire-original.txt").read_bytes(),
            },
            {"name": "photo.txt", "mimeType": "text/plain", "buffer": b"\x89PNG\x00\x00\x01binary"},
        ]
    )
    page.locator("textarea[name=text]").fill(PASTED)

    started = time.monotonic()
    page.get_by_role("button", name="Upload and analyse").click()
    rows = page.locator("#upload-results-list > li")
    expect(rows).to_have_count(3)
    stored = page.locator("#upload-results-list > li[data-status-url]")
    expect(stored).to_have_count(2)
    answered_in = time.monotonic() - started
    # Every request came back before any analysis finished: the page shows them queued or in progress.
    assert not Article.objects.filter(status=Article.Status.DONE).exists()
    expect(stored.first.locator("progress")).to_be_visible()
    expect(stored.first.locator('[data-role="detail"]')).to_contain_text("%")
    failed = rows.filter(has_text="photo.txt")
    expect(failed).to_have_class("upload-result failed")
    expect(failed).to_contain_text("photo.txt is a binary file, not text.")
    page.screenshot(path=str(artifacts_dir / "upload-progress-running-1280.png"), full_page=True)

    # The worker takes them: a row moves on from "Queued" to a stage and a percent. On a quiet machine a short article
    # can go from queued to done between two polls (1.5 s), so either later state shows the page following the worker.
    moved_on = page.locator(
        "#upload-results-list > li[data-state=processing], #upload-results-list > li[data-state=done]"
    ).first
    expect(moved_on).to_be_visible(timeout=120_000)
    expect(moved_on.locator(".badge")).to_have_text(re.compile("^(Processing|Done)$"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#upload-results").screenshot(path=str(artifacts_dir / "upload-progress-running-390.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    expect(page.locator("#upload-results-list > li[data-state=done]")).to_have_count(2, timeout=300_000)
    for row in stored.all():
        expect(row.locator("progress")).to_have_count(0)
        expect(row.locator('[data-role="detail"]')).to_contain_text("Analysis finished:")
        link = row.get_by_role("link", name="Open the article")
        article = Article.objects.get(pk=int(row.get_attribute("data-status-url").strip("/").split("/")[-2]))
        expect(link).to_have_attribute("href", article.get_absolute_url())
        assert article.status == Article.Status.DONE and article.claims.exists()
    page.screenshot(path=str(artifacts_dir / "upload-progress-done-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing spills sideways on a phone
    page.locator("#upload-results").screenshot(path=str(artifacts_dir / "upload-progress-done-390.png"))
    print(f"three uploads answered in {answered_in:.2f} s in all")
    page.context.close()
