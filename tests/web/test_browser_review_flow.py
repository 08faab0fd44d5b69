"""End to end in Chromium: upload → the real pipeline → review with evidence → publish → the verdict in the API."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from articles.models import Article
from claims.models import Claim, Evidence, ReviewState
from tests.factories import editor, reviewer
from tests.web.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CORPUS = Path(__file__).resolve().parents[2] / "articles" / "sample_corpus"
PIPELINE_TIMEOUT_MS = 240_000


def _upload(page: Any, filename: str, *, name: str, domain: str, kind: str, published: str) -> None:
    page.goto("/articles/upload/")
    page.get_by_label("Publication date").fill(published)
    page.get_by_label("New outlet name").fill(name)
    page.get_by_label("New outlet domain").fill(domain)
    page.get_by_label("New outlet kind").select_option(kind)
    page.locator("input[type=file]").set_input_files(str(CORPUS / filename))
    expect(page.locator("#file-list")).to_contain_text(filename)
    if filename.endswith(".html"):  # the page's own title is offered before upload
        expect(page.get_by_label("Title")).to_have_attribute("placeholder", re.compile(r"\w"))
    page.get_by_role("button", name="Upload and analyse").click()
    result = page.locator("#upload-results-list .upload-result").first
    expect(result).not_to_have_class(re.compile("pending"), timeout=PIPELINE_TIMEOUT_MS)
    expect(result).to_have_class(re.compile(r"\bok\b"))
    article = Article.objects.get(source__domain=domain)
    assert article.status == Article.Status.DONE, article.error_message


def test_upload_review_publish_reaches_the_api(
    desk_roles: None, live_server: Any, browser: Any, artifacts_dir: Path
) -> None:
    editor_page = browser_login(browser, live_server, editor(username="ed"))
    _upload(
        editor_page,
        "wire-original.txt",
        name="Meridian Press Agency",
        domain="meridianpress.example",
        kind="wire",
        published="2026-03-14",
    )
    _upload(
        editor_page,
        "rewrite-of-wire.html",
        name="Northgate Digest",
        domain="northgatedigest.example",
        kind="online",
        published="2026-03-14",
    )

    editor_page.screenshot(path=str(artifacts_dir / "upload.png"), full_page=False)
    rewrite = Article.objects.get(source__domain="northgatedigest.example")
    editor_page.goto(rewrite.get_absolute_url())
    status = editor_page.get_by_test_id("article-status")
    expect(status).to_have_text(re.compile("Done|Failed"), timeout=PIPELINE_TIMEOUT_MS)
    rewrite.refresh_from_db()
    assert status.inner_text() == "Done", rewrite.error_message
    editor_page.reload()  # the claims exist now
    expect(editor_page.locator(".article-body .claim-mark").first).to_be_visible()
    editor_page.screenshot(path=str(artifacts_dir / "article.png"), full_page=False)

    # The claim with the most suggestions from the other outlet.
    claim = (
        Claim.objects.filter(article=rewrite, evidence__state=Evidence.State.SUGGESTED).order_by("-score", "pk").first()
    )
    assert claim is not None, "the pipeline suggested no evidence for the rewrite"

    reviewer_page = browser_login(browser, live_server, reviewer(username="rita"))
    reviewer_page.goto(claim.get_absolute_url())
    expect(reviewer_page.locator("[data-evidence]").first).to_be_visible()
    # Keyboard only: focus the first suggestion, accept it, choose "supported", write the rationale, save.
    reviewer_page.keyboard.press("j")
    reviewer_page.keyboard.press("a")
    expect(reviewer_page.locator(".messages")).to_contain_text("Evidence accepted.")
    reviewer_page.keyboard.press("1")
    reviewer_page.keyboard.press("e")
    reviewer_page.keyboard.type("The wire story and its rewrite agree; the province confirmed the figures.")
    reviewer_page.keyboard.press("Escape")
    reviewer_page.evaluate("window.scrollTo(0, 0)")
    reviewer_page.screenshot(path=str(artifacts_dir / "claim-review.png"), full_page=False)
    reviewer_page.keyboard.press("s")
    expect(reviewer_page.locator(".messages")).to_contain_text("Verdict saved: Supported")
    expect(reviewer_page.get_by_test_id("review-state")).to_have_text("Reviewed")
    assert Evidence.objects.filter(claim=claim, state=Evidence.State.ACCEPTED).exists()

    editor_page.goto(claim.get_absolute_url())
    editor_page.get_by_role("link", name="Preview and publish…").click()
    expect(editor_page.get_by_test_id("jsonld")).to_contain_text('"@type": "ClaimReview"')
    editor_page.get_by_role("button", name="Publish verdict").click()
    expect(editor_page.get_by_test_id("review-state")).to_have_text("Published")
    assert Claim.objects.get(pk=claim.pk).review_state == ReviewState.PUBLISHED

    editor_page.goto("/")
    expect(editor_page.locator("#article-queue")).to_contain_text("Done")
    expect(editor_page.locator(".activity")).to_contain_text("published")
    editor_page.screenshot(path=str(artifacts_dir / "dashboard.png"), full_page=False)

    api = editor_page.request.get(f"/api/v1/claims/{claim.pk}/")
    assert api.status == 200, api.text()
    assert api.json()["verdict"] == "supported"
    editor_page.context.close()
    reviewer_page.context.close()
