"""In Chromium: bulk assignment and export on the claims list at desktop width; the public fact-check page and the
claims list on a phone (390 px), with no sideways scrolling. Screenshots go to test-artifacts/."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, editor, reviewer
from tests.web.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "At least 14 people were killed when the Lorvan bridge collapsed on Friday, officials said.\n\n"
    "Two rescue workers were hurt during the overnight search, the fire service said.\n\n"
    "The mayor said 1,200 residents were evacuated from the riverside district.\n\n"
    "Engineers had warned in 2023 that the bridge's supports were corroding, according to council minutes."
)


def desk_claims() -> list[Claim]:
    article = ArticleFactory(
        source=SourceFactory(name="Meridian Press Agency", domain="meridianpress.example"),
        title="Lorvan bridge collapse kills 14",
        url="https://meridianpress.example/lorvan-bridge",
        body=BODY,
    )
    claims = []
    for index, sentence in enumerate(BODY.split("\n\n")):
        start = BODY.index(sentence)
        claims.append(ClaimFactory(article=article, start=start, end=start + len(sentence), score=0.9 - index / 10))
    return claims


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"the page is {width}px wide in a {viewport}px viewport"


def test_bulk_assign_and_export_on_the_claims_list(
    desk_roles: None, live_server: Any, browser: Any, artifacts_dir: Any
) -> None:
    claims = desk_claims()
    rita = reviewer(username="rita")
    page = browser_login(browser, live_server, editor(username="ed"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/claims/")

    assign = page.get_by_role("button", name="Assign", exact=True)
    expect(assign).to_be_disabled()  # nothing selected yet
    page.get_by_label("Select every claim on this page").check()
    expect(page.locator("#bulk-count")).to_have_text("4 selected")
    page.get_by_label(f"Select claim {claims[3].pk}").uncheck()
    expect(page.locator("#bulk-count")).to_have_text("3 selected")
    page.get_by_label("Assign to").select_option(label="rita")
    page.screenshot(path=str(artifacts_dir / "claims-bulk-1280.png"), full_page=True)
    assign.click()

    expect(page.get_by_test_id("bulk-summary")).to_contain_text("3 done")
    page.screenshot(path=str(artifacts_dir / "claims-bulk-results-1280.png"), full_page=True)
    assert sorted(Claim.objects.filter(assigned_to=rita).values_list("pk", flat=True)) == sorted(
        c.pk for c in claims[:3]
    )
    assert Claim.objects.get(pk=claims[3].pk).assigned_to is None

    page.goto("/claims/")
    for claim in claims[:3]:
        expect(page.get_by_test_id(f"assigned-{claim.pk}")).to_have_text("rita")
    page.get_by_label(f"Select claim {claims[0].pk}").check()
    page.get_by_label(f"Select claim {claims[3].pk}").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export selected (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("claims-selected-") and download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(int(r["id"]) for r in rows) == sorted([claims[0].pk, claims[3].pk])
    assert {r["assigned_to"] for r in rows} == {"rita", ""}

    with page.expect_download() as list_download:
        page.locator("#export-list-json").click()
    records = json.loads(Path(list_download.value.path()).read_text(encoding="utf-8"))
    assert len(records) == 4
    page.context.close()


def test_the_public_page_and_the_claims_list_on_a_phone(
    desk_roles: None, live_server: Any, browser: Any, artifacts_dir: Any
) -> None:
    claims = desk_claims()
    published = claims[0]
    Claim.objects.filter(pk=published.pk).update(
        review_state="published",
        verdict="disputed",
        rationale="The regional authority's final count is 12; the 14 included two people later found alive.",
        published_at=timezone.now(),
        speaker="officials",
    )

    reader = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = reader.new_page()
    response = page.goto(f"/fact-checks/{published.pk}/")
    assert response.status == 200 and response.headers["cache-control"].startswith("public")
    expect(page.get_by_test_id("rating")).to_have_text("Disputed")
    expect(page.locator("h1")).to_have_text(
        "At least 14 people were killed when the Lorvan bridge collapsed on Friday."
    )
    document = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert document["itemReviewed"]["author"]["name"] == "officials"
    assert document["url"].endswith(f"/fact-checks/{published.pk}/")
    no_sideways_scroll(page)
    page.screenshot(path=str(artifacts_dir / "fact-check-390.png"), full_page=True)
    reader.close()

    page = browser_login(browser, live_server, editor(username="ed"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/claims/")
    expect(page.get_by_label(f"Select claim {claims[1].pk}")).to_be_visible()
    page.get_by_text("Select all on this page").click()
    expect(page.locator("#bulk-count")).to_have_text("4 selected")
    no_sideways_scroll(page)
    page.screenshot(path=str(artifacts_dir / "claims-list-390.png"), full_page=True)
    page.context.close()


def test_the_publish_preview_shows_the_page_and_json_ld_then_publishes(
    desk_roles: None, live_server: Any, browser: Any, artifacts_dir: Any
) -> None:
    claim = desk_claims()[2]
    Claim.objects.filter(pk=claim.pk).update(
        review_state="reviewed", verdict="supported", rationale="The council's evacuation log lists 1,214 residents."
    )
    page = browser_login(browser, live_server, editor(username="ed"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/claims/{claim.pk}/")
    page.get_by_role("link", name="Preview and publish…").click()
    expect(page.get_by_test_id("fact-check")).to_contain_text("1,200 residents were evacuated")
    expect(page.get_by_test_id("jsonld")).to_contain_text('"alternateName": "Supported"')
    page.screenshot(path=str(artifacts_dir / "publish-preview-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    no_sideways_scroll(page)
    page.screenshot(path=str(artifacts_dir / "publish-preview-390.png"), full_page=True)
    assert Claim.objects.get(pk=claim.pk).review_state == "reviewed"

    page.get_by_role("button", name="Publish verdict").click()
    expect(page.locator(".messages")).to_contain_text("Verdict published")
    assert Claim.objects.get(pk=claim.pk).review_state == "published"
    page.get_by_role("link", name=f"/fact-checks/{claim.pk}/").first.click()
    expect(page.get_by_test_id("rating")).to_have_text("Supported")
    page.context.close()
