"""The review flow and the desk's pages in Chromium at a desktop width (1280 px) and a phone width (390 px).

Every page fits its width (no sideways scrolling of the page itself), the claim column never sits on top of the
evidence, and the keyboard walks the suggestions still open. Screenshots go to var/screenshots/ (not committed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db.models import F
from django.urls import reverse
from playwright.sync_api import expect

from claims.models import Claim, Evidence, ReviewState
from tests.factories import ArticleFactory, EvidenceFactory, PassageFactory, SourceFactory
from tests.web.conftest import PASSWORD, Desk

pytestmark = [pytest.mark.browser]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
PHONE = {"is_mobile": True, "has_touch": True, "device_scale_factor": 1}

# The page's widest box, and the first few elements that stick out past the viewport (to name the culprit).
OVERFLOW_JS = """() => {
  const inner = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > inner + 1 && e.getClientRects().length)
    .slice(0, 6)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
      + (e.className ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : ''));
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: inner, wide: wide};
}"""

# Scroll an evidence card into the middle of the screen; report whether its corners and centre are its own pixels
# (not covered by anything else) and whether the claim column's box overlaps it there.
COVERED_JS = """(selector) => {
  const card = document.querySelector(selector);
  card.scrollIntoView({block: 'center'});
  const r = card.getBoundingClientRect();
  const points = [[r.left + 8, r.top + 8], [r.left + r.width / 2, r.top + r.height / 2], [r.right - 8, r.bottom - 8]];
  const own = points.map(([x, y]) => { const e = document.elementFromPoint(x, y); return !!e && card.contains(e); });
  const c = document.querySelector('.review-claim').getBoundingClientRect();
  const overlap = !(c.right <= r.left || r.right <= c.left || c.bottom <= r.top || r.bottom <= c.top);
  return {own: own, overlap: overlap};
}"""


def _signed_in_page(browser: Any, live_server: Any, user: Any, width: int, height: int) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": height}, base_url=live_server.url, **(PHONE if width < 600 else {})
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def _assert_fits(page: Any, what: str) -> None:
    found = page.evaluate(OVERFLOW_JS)
    # A phone zooms out to show a page wider than the screen, and innerWidth grows with it: compare with the screen.
    assert found["innerWidth"] == page.viewport_size["width"], f"{what} is zoomed out to fit: {found}"
    assert found["scrollWidth"] <= found["innerWidth"], f"{what} scrolls sideways: {found}"


def _shot(page: Any, name: str, *, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def _assert_evidence_uncovered(page: Any, card_id: str, what: str) -> None:
    found = page.evaluate(COVERED_JS, f"#{card_id}")
    assert all(found["own"]) and not found["overlap"], f"{what}: evidence {card_id} is covered: {found}"


def _focused_card(page: Any) -> dict[str, str]:
    return page.evaluate(
        "() => { const c = document.activeElement.closest('[data-evidence]');"
        " return c ? {id: c.id, state: c.dataset.state} : {}; }"
    )


@pytest.fixture
def review_desk(desk_roles: None, desk: Desk) -> Desk:
    """The desk's top claim with three open suggestions from three outlets."""
    for name, text, stance in [
        ("Harbour Times", "Fourteen people died when the bridge fell on Friday, the council said.", "supports"),
        ("Valley Radio", "Officials said at least 14 people were killed as the bridge collapsed.", "supports"),
    ]:
        article: Any = ArticleFactory(source=SourceFactory(name=name), title=f"{name} on the bridge", body=text)
        EvidenceFactory(claim=desk.claim, passage=PassageFactory(article=article), stance=stance, score=0.9)
    return desk


@pytest.mark.parametrize("width", WIDTHS)
def test_the_review_flow_works_by_keyboard_and_fits_the_screen(
    review_desk: Desk, reviewer_user: Any, live_server: Any, browser: Any, width: str
) -> None:
    desk = review_desk
    page = _signed_in_page(browser, live_server, reviewer_user, *WIDTHS[width])

    # The dashboard's "n" opens the next claim to review: the most check-worthy unassigned one.
    _assert_fits(page, f"dashboard at {width}")
    _shot(page, f"review-flow-{width}-1-dashboard", full_page=True)
    page.keyboard.press("n")
    page.wait_for_url(f"{live_server.url}{desk.claim.get_absolute_url()}")

    cards = page.locator("[data-evidence]")
    expect(cards).to_have_count(3)
    _assert_fits(page, f"review page at {width}")
    _shot(page, f"review-flow-{width}-2-claim")
    for card_id in cards.evaluate_all("cards => cards.map(c => c.id)"):
        _assert_evidence_uncovered(page, card_id, f"review page at {width}")
    _shot(page, f"review-flow-{width}-3-evidence")
    # In one column the evidence is below the verdict and history: a link at the top goes straight to it.
    page.evaluate("window.scrollTo(0, 0)")
    jump = page.locator("#jump-evidence")
    if width == "phone":
        jump.click()
        expect(cards.first).to_be_in_viewport()
        page.get_by_role("link", name="Back up to the verdict").click()
        expect(page.locator("#verdict-title")).to_be_in_viewport()
    else:
        expect(jump).to_be_hidden()

    # Accept the first suggestion: back on the page, j goes on to a suggestion still open, not the one just decided.
    page.evaluate("window.scrollTo(0, 0)")
    page.keyboard.press("j")
    first = _focused_card(page)
    assert first["state"] == "suggested"
    page.keyboard.press("a")
    expect(page.locator(".messages")).to_contain_text("Evidence accepted.")
    expect(page.locator(f"#{first['id']}")).to_have_attribute("data-state", "accepted")
    visited = []
    for _ in range(4):
        page.keyboard.press("j")
        visited.append(_focused_card(page))
    assert [card["state"] for card in visited] == ["suggested"] * 4, visited
    assert first["id"] not in {card["id"] for card in visited}
    while _focused_card(page)["id"] != visited[0]["id"]:
        page.keyboard.press("j")
    second = _focused_card(page)

    # Reject it; j lands on the last open one, and stays there (k too) while it is the only one left.
    page.keyboard.press("r")
    expect(page.locator(".messages")).to_contain_text("Evidence rejected.")
    page.keyboard.press("j")
    third = _focused_card(page)
    assert third["state"] == "suggested" and third["id"] not in {first["id"], second["id"]}, third
    page.keyboard.press("k")
    assert _focused_card(page)["id"] == third["id"]
    _assert_evidence_uncovered(page, third["id"], f"review page at {width} after deciding two")
    _shot(page, f"review-flow-{width}-4-decided")

    # The verdict, by keyboard: 2 = disputed, e = rationale, Esc leaves the text box, s saves.
    page.keyboard.press("2")
    page.keyboard.press("e")
    page.keyboard.type("Two outlets confirm 14 dead; CPTV's 19 is a later count.")
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    expect(page.locator(".messages")).to_contain_text("Verdict saved: Disputed")
    expect(page.get_by_test_id("review-state")).to_have_text("Reviewed")
    _assert_fits(page, f"review page after saving at {width}")
    _shot(page, f"review-flow-{width}-5-saved", full_page=True)

    claim = Claim.objects.get(pk=desk.claim.pk)
    assert claim.review_state == ReviewState.REVIEWED and claim.verdict == "disputed"
    states = sorted(Evidence.objects.filter(claim=claim).values_list("state", flat=True))
    assert states == ["accepted", "rejected", "suggested"]
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_desk_page_fits_the_screen(
    review_desk: Desk, moderator_user: Any, live_server: Any, browser: Any, width: str
) -> None:
    desk = review_desk
    page = _signed_in_page(browser, live_server, moderator_user, *WIDTHS[width])
    pages = {
        "dashboard": "/",
        "search": f"{reverse('claims:search')}?q=bridge",
        "search-bad-dates": f"{reverse('claims:search')}?q=bridge&date_from=2026-03-20&date_to=2026-03-01",
        "article": desk.article.get_absolute_url(),
        "articles": reverse("articles:list"),
        "upload": reverse("articles:upload"),
        "review-unreviewed": desk.claim.get_absolute_url(),
        "review-published": desk.published_claim.get_absolute_url(),
        "not-found": "/no-such-page/",
        "admin": reverse("admin:index"),
        "admin-audit-trail": reverse("admin:claims_reviewevent_changelist"),
        "admin-moderation-log": reverse("admin:admin_logentry_changelist"),
    }
    for name, url in pages.items():
        page.goto(url)
        page.wait_for_load_state("load")
        _shot(page, f"pages-{width}-{name}", full_page=True)
        _assert_fits(page, f"{name} ({url}) at {width}")

    # The conflict screen: a colleague saved the claim while this form was open.
    page.goto(desk.claim.get_absolute_url())
    Claim.objects.filter(pk=desk.claim.pk).update(version=F("version") + 1)
    page.get_by_label("Disputed").check()
    page.get_by_label("Rationale").fill("CPTV says 19.")
    page.locator("#save-verdict").click()
    expect(page.get_by_role("heading", name="Someone else saved this claim first")).to_be_visible()
    _shot(page, f"pages-{width}-conflict", full_page=True)
    _assert_fits(page, f"conflict at {width}")
    page.context.close()
