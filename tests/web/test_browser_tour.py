"""Screenshots for the README tour: the sample corpus analysed, a few verdicts, a claim with a contradiction."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from articles.models import Article
from articles.services import SourceInput, article_ingest
from claims import services
from claims.models import Claim, Evidence
from tests.factories import editor, reviewer
from tests.web.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CORPUS = Path(__file__).resolve().parents[2] / "articles" / "sample_corpus"
TOUR = ["wire-original.txt", "rewrite-of-wire.html", "independent-report.md", "broadcaster-update.txt"]
MAX_README_BYTES = 400_000


def _ingest_corpus(uploader: Any) -> dict[str, Article]:
    manifest = {entry["file"]: entry for entry in json.loads((CORPUS / "manifest.json").read_text())}
    articles = {}
    for name in TOUR:
        entry = manifest[name]
        articles[name] = article_ingest(
            source=SourceInput(**entry["source"]),
            filename=name,
            data=(CORPUS / name).read_bytes(),
            title=entry["title"],
            url=entry["url"],
            byline=entry["byline"],
            published_on=date.fromisoformat(entry["published_on"]),
            uploaded_by=uploader,
        )
    return articles


def test_tour_screenshots(desk_roles: None, live_server: Any, browser: Any, artifacts_dir: Path) -> None:
    ed, rita = editor(username="ed"), reviewer(username="rita")
    articles = _ingest_corpus(ed)
    for article in articles.values():
        article.refresh_from_db()
        assert article.status == Article.Status.DONE, article.error_message

    # A claim of the broadcaster's report that another outlet contradicts.
    contradicted = (
        Evidence.objects.filter(claim__article=articles["broadcaster-update.txt"])
        .exclude(differences=[])
        .select_related("claim")
        .order_by("-claim__score")
        .first()
    )
    broadcaster_claims = Claim.objects.filter(article=articles["broadcaster-update.txt"])
    focus = contradicted.claim if contradicted else broadcaster_claims.first()
    assert focus is not None
    # Some finished work for the dashboard.
    done = list(Claim.objects.filter(article=articles["wire-original.txt"]).order_by("-score")[:3])
    for claim, verdict in zip(done, ["supported", "supported", "unverified"], strict=False):
        services.claim_set_verdict(
            claim_id=claim.pk,
            verdict=verdict,
            rationale="Checked against the provincial statement.",
            reviewer=rita,
            expected_version=claim.version,
        )
    if done:
        services.claim_publish(claim_id=done[0].pk, editor=ed)
    services.claims_assign(
        claim_ids=list(Claim.objects.filter(article=articles["broadcaster-update.txt"]).values_list("pk", flat=True)),
        assignee=rita,
        actor=ed,
    )

    page = browser_login(browser, live_server, rita)
    expect(page.locator("#article-queue")).to_contain_text("Done")
    page.screenshot(path=str(artifacts_dir / "tour-dashboard.png"))

    page.goto(articles["rewrite-of-wire.html"].get_absolute_url())
    expect(page.get_by_test_id("article-status")).to_have_text("Done")
    page.screenshot(path=str(artifacts_dir / "tour-article.png"))

    page.goto(focus.get_absolute_url())
    expect(page.locator("[data-evidence]").first).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "tour-claim-review.png"))
    page.context.close()

    # docs/screenshots/ holds copies of these three for the README tour (copied by hand, not by the test).
    for name in ("dashboard", "article", "claim-review"):
        shot = artifacts_dir / f"tour-{name}.png"
        assert shot.stat().st_size < MAX_README_BYTES, f"{shot} is too large for the README"
