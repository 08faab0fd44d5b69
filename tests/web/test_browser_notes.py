"""In Chromium: a note with an @mention on the claim page, and the mentioned reviewer's bell counting it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from newsroom.models import Note, Notification
from tests.factories import ArticleFactory, ClaimFactory, editor, reviewer
from tests.web.conftest import browser_login

pytestmark = pytest.mark.browser


def test_a_mention_in_a_note_lights_the_mentioned_reviewers_bell(
    desk_roles: None, live_server: Any, browser: Any, artifacts_dir: Path
) -> None:
    article: Any = ArticleFactory(body="At least 14 people were killed when the bridge collapsed, officials said.")
    claim: Any = ClaimFactory(article=article, start=0, end=len(article.body), score=0.9)
    ed_page = browser_login(browser, live_server, editor(username="ed"))
    rita = reviewer(username="rita")

    ed_page.set_viewport_size({"width": 1280, "height": 900})
    ed_page.goto(claim.get_absolute_url())
    panel = ed_page.locator("#notes")
    box = panel.get_by_label("Note")  # the panel was fetched and replaced the link
    box.click()
    box.press_sequentially("Could @ri")
    expect(panel.get_by_role("option", name="@rita")).to_be_visible()
    box.press("Enter")
    box.press_sequentially("check the toll against https://example.org/report?")
    expect(box).to_have_value("Could @rita check the toll against https://example.org/report?")
    panel.get_by_role("button", name="Add note").click()
    expect(panel.locator(".desk-note .mention")).to_have_text("@rita")
    expect(panel.get_by_role("link", name="https://example.org/report")).to_have_attribute("rel", "nofollow")
    expect(ed_page).to_have_url(re.compile(rf"/claims/{claim.pk}/$"))  # posted in place, no page change
    panel.screenshot(path=str(artifacts_dir / "notes-panel-1280.png"))
    ed_page.screenshot(path=str(artifacts_dir / "claim-review-notes-1280.png"), full_page=True)
    assert Note.objects.get().mentioned.get() == rita
    assert Notification.objects.get().recipient == rita

    rita_page = browser_login(browser, live_server, rita)
    bell = rita_page.get_by_role("link", name="Notifications: 1 unread")
    expect(bell).to_be_visible()
    expect(rita_page.get_by_test_id("bell-count")).to_have_text("1")
    rita_page.set_viewport_size({"width": 1280, "height": 900})
    rita_page.screenshot(path=str(artifacts_dir / "bell-1280.png"))
    bell.click()
    expect(rita_page.locator(".notification.unread")).to_contain_text("ed mentioned you in a note")
    rita_page.set_viewport_size({"width": 390, "height": 844})
    rita_page.screenshot(path=str(artifacts_dir / "notifications-390.png"), full_page=True)
    rita_page.get_by_role("button", name=f"Open claim {claim.pk}").click()
    expect(rita_page).to_have_url(re.compile(rf"/claims/{claim.pk}/#notes$"))
    expect(rita_page.locator("#notes .desk-note")).to_contain_text("check the toll")
    expect(rita_page.get_by_test_id("bell-count")).to_have_text("0")
    rita_page.locator("#notes").screenshot(path=str(artifacts_dir / "notes-panel-390.png"))
