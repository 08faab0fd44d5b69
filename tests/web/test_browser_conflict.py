"""Two reviewers save the same claim: the second sees the first's decision and can reapply theirs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, reviewer
from tests.web.conftest import browser_login

pytestmark = pytest.mark.browser


def test_the_second_save_shows_a_conflict_and_can_reapply(
    desk_roles: None, live_server: Any, browser: Any, artifacts_dir: Path
) -> None:
    article: Any = ArticleFactory(title="Bridge collapse kills 14")
    claim: Any = ClaimFactory(article=article, score=0.9)
    first = browser_login(browser, live_server, reviewer(username="rita"))
    second = browser_login(browser, live_server, reviewer(username="otto"))
    first.goto(claim.get_absolute_url())
    second.goto(claim.get_absolute_url())

    first.get_by_label("Supported").check()
    first.get_by_label("Rationale").fill("The council confirmed 14 deaths.")
    first.get_by_role("button", name="Save", exact=False).first.click()
    expect(first.locator(".messages")).to_contain_text("Verdict saved")

    second.get_by_label("Disputed").check()
    second.get_by_label("Rationale").fill("CPTV reports 19 deaths.")
    second.get_by_role("button", name="Save", exact=False).first.click()
    expect(second.get_by_role("heading", name="Someone else saved this claim first")).to_be_visible()
    expect(second.get_by_test_id("their-verdict")).to_have_text("Supported")
    expect(second.get_by_test_id("their-rationale")).to_contain_text("The council confirmed 14 deaths.")
    expect(second.get_by_test_id("their-reviewer")).to_have_text("rita")
    second.screenshot(path=str(artifacts_dir / "conflict.png"), full_page=True)
    assert Claim.objects.get(pk=claim.pk).verdict == "supported"

    second.get_by_role("button", name="Reapply my decision").click()
    expect(second.locator(".messages")).to_contain_text("Verdict saved: Disputed")
    saved = Claim.objects.get(pk=claim.pk)
    assert (saved.verdict, saved.rationale, saved.version) == ("disputed", "CPTV reports 19 deaths.", 3)
    expect(second.locator(".history")).to_contain_text("The council confirmed 14 deaths.")
    first.context.close()
    second.context.close()


def test_a_reviewer_is_denied_publishing(desk_roles: None, live_server: Any, browser: Any) -> None:
    claim: Any = ClaimFactory(review_state="reviewed", verdict="supported", rationale="Confirmed.")
    page = browser_login(browser, live_server, reviewer(username="rita"))
    page.goto(claim.get_absolute_url())
    expect(page.get_by_role("button", name="Publish verdict")).to_have_count(0)
    # Forge the editor-only POST with the reviewer's own CSRF token: the server refuses it.
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    response = page.request.post(
        f"/claims/{claim.pk}/publish/",
        headers={"X-CSRFToken": token or ""},
        form={"expected_version": str(claim.version)},
    )
    assert response.status == 403
    assert "Confirmed." not in response.text()
    assert Claim.objects.get(pk=claim.pk).review_state == "reviewed"
    page.goto("/articles/upload/")
    expect(page.get_by_role("heading", name="You can't do that")).to_be_visible()
    page.context.close()
