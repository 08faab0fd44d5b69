"""One review for a claim several outlets reported: the review page names the others, a verdict covers them all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from claims.models import Claim, ClaimGroup
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, moderator
from tests.web.conftest import browser_login

pytestmark = pytest.mark.browser

SOLDIERS = "Brig. Gen. Tomas Vell said 250 soldiers from the provincial guard were helping with the search."


@pytest.mark.parametrize("width", [1280, 390])
def test_a_verdict_on_one_report_covers_the_group_and_a_wrong_member_can_be_split_out(
    desk_roles: None, live_server: Any, browser: Any, artifacts_dir: Path, width: int
) -> None:
    group = ClaimGroup.objects.create()
    members = []
    for outlet in ("Lorvan Courier", "Calder Radio", "Provincial Wire"):
        source = SourceFactory(name=outlet, domain=f"{outlet.lower().replace(' ', '-')}-{width}.example")
        article = ArticleFactory(source=source, title=f"Bridge collapse: {outlet}", body=f"{SOLDIERS} {outlet}.")
        members.append(ClaimFactory(article=article, group=group, score=0.9, end=len(SOLDIERS)))
    page = browser_login(browser, live_server, moderator(username="mo"))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(members[0].get_absolute_url())

    block = page.get_by_test_id("claim-group")
    expect(block).to_contain_text("Calder Radio")
    expect(block).to_contain_text("Provincial Wire")
    block.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / f"claim-group-{width}.png"), full_page=True)
    box = block.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width

    page.get_by_label("Supported").check()
    page.get_by_label("Rationale").fill("The provincial guard confirmed the deployment.")
    page.get_by_role("button", name="Save", exact=False).first.click()
    expect(page.locator(".messages")).to_contain_text("Verdict saved")
    assert [c.verdict for c in Claim.objects.filter(group=group).order_by("pk")] == ["supported"] * 3

    page.goto(members[2].get_absolute_url())
    expect(page.locator(".history")).to_contain_text(f"claim {members[0].pk}")
    page.get_by_role("button", name="Not the same claim").click()
    expect(page.locator(".messages")).to_contain_text("Split out of the group")
    expect(page.get_by_test_id("claim-group")).to_have_count(0)
    assert Claim.objects.get(pk=members[2].pk).group_id is None
    page.context.close()
