"""The dashboard's article queue follows the analysis live, without reloading the page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, editor
from tests.web.conftest import browser_login

pytestmark = pytest.mark.browser


def test_the_queue_shows_progress_and_completion_without_a_reload(
    desk_roles: None, live_server: Any, browser: Any
) -> None:
    article: Any = ArticleFactory(title="Lorvan bridge report", status="processing", stage="scoring", progress=30)
    page = browser_login(browser, live_server, editor(username="ed"))
    page.evaluate("window.__sameDocument = true")
    row = page.locator(f'#article-queue tr[data-article="{article.pk}"]')
    expect(row).to_contain_text("Scoring claims · 30%")

    Article.objects.filter(pk=article.pk).update(stage="matching", progress=80)
    expect(row).to_contain_text("Finding cross-source evidence · 80%", timeout=10_000)
    Article.objects.filter(pk=article.pk).update(status="done", stage="finished", progress=100)
    expect(row).to_contain_text("Done", timeout=10_000)
    expect(page.locator("#article-queue")).to_have_attribute("data-active", "false")
    assert page.evaluate("window.__sameDocument") is True  # the page was never reloaded
    page.context.close()


def test_the_shortcut_help_opens_with_the_question_mark(desk_roles: None, live_server: Any, browser: Any) -> None:
    from tests.factories import ClaimFactory, reviewer

    claim: Any = ClaimFactory()
    page = browser_login(browser, live_server, reviewer(username="rita"))
    page.goto(claim.get_absolute_url())
    page.keyboard.press("?")
    expect(page.get_by_role("dialog")).to_be_visible()
    expect(page.get_by_role("dialog")).to_contain_text("Go to the next claim in your queue")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.context.close()
