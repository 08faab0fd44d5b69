"""Fixtures for the web UI tests: a signed-in client per role and a small desk of articles, claims and evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from articles.models import Article
from claims.models import Claim, Evidence
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    PassageFactory,
    SourceFactory,
    UserFactory,
    editor,
    moderator,
    reviewer,
)

PASSWORD = "correct horse battery staple"


@dataclass
class Desk:
    article: Article
    other_article: Article
    claim: Claim
    assigned_claim: Claim
    reviewed_claim: Claim
    published_claim: Claim
    evidence: Evidence


@pytest.fixture
def editor_user(db: Any) -> Any:
    return editor(username="ed")


@pytest.fixture
def reviewer_user(db: Any) -> Any:
    return reviewer(username="rita")


@pytest.fixture
def other_reviewer(db: Any) -> Any:
    return reviewer(username="otto")


@pytest.fixture
def moderator_user(db: Any) -> Any:
    return moderator(username="mo")


@pytest.fixture
def nobody_user(db: Any) -> Any:
    return UserFactory(username="nobody")


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor_user: Any) -> Client:
    return signed_in(editor_user)


@pytest.fixture
def reviewer_client(reviewer_user: Any) -> Client:
    return signed_in(reviewer_user)


@pytest.fixture
def moderator_client(moderator_user: Any) -> Client:
    return signed_in(moderator_user)


@pytest.fixture
def desk(db: Any, reviewer_user: Any, other_reviewer: Any) -> Desk:
    """One article with four claims in every review state, and a second outlet's article as evidence."""
    source: Any = SourceFactory(name="Meridian Press Agency", domain="meridianpress.example")
    body = (
        "At least 14 people were killed when the bridge collapsed on Friday, officials said.\n\n"
        "Two rescue workers were hurt during the overnight search.\n\n"
        "The mayor said 1,200 residents were evacuated.\n\n"
        "Officials expect the bridge to reopen next year."
    )
    article: Any = ArticleFactory(source=source, title="Bridge collapse kills 14", body=body)
    sentences = [s for s in body.split("\n\n")]
    spans = []
    cursor = 0
    for sentence in sentences:
        start = body.index(sentence, cursor)
        spans.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    claim: Any = ClaimFactory(
        article=article,
        start=spans[0][0],
        end=spans[0][1],
        score=0.92,
        claim_type="quantity",
        speaker="officials",
        signals=["number", "attribution"],
    )
    assigned: Any = ClaimFactory(
        article=article, start=spans[1][0], end=spans[1][1], score=0.7, assigned_to=other_reviewer
    )
    reviewed: Any = ClaimFactory(
        article=article,
        start=spans[2][0],
        end=spans[2][1],
        score=0.6,
        review_state="reviewed",
        verdict="supported",
        rationale="Confirmed by the council.",
    )
    published: Any = ClaimFactory(
        article=article,
        start=spans[3][0],
        end=spans[3][1],
        score=0.4,
        review_state="published",
        verdict="unverified",
        rationale="Nobody can say yet.",
        published_at=timezone.now(),
    )
    other: Any = ArticleFactory(
        source=SourceFactory(name="CPTV News", domain="cptv.example"),
        title="Death toll at 19",
        body="At least 19 people were killed when the bridge collapsed on Friday night, police said.",
    )
    passage: Any = PassageFactory(article=other)
    evidence: Any = EvidenceFactory(
        claim=claim,
        passage=passage,
        stance=Evidence.Stance.CONTRADICTS,
        score=0.83,
        differences=[{"slot": "number", "claim_value": "14", "passage_value": "19"}],
    )
    return Desk(article, other, claim, assigned, reviewed, published, evidence)


# Browser tests ------------------------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]


@pytest.fixture
def desk_roles(transactional_db: Any) -> None:
    """Recreate the role groups: a transactional test flushes the rows the data migration made."""
    from django.contrib.auth.models import Group, Permission

    from claims.roles import ROLE_PERMISSIONS

    for role, dotted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for name in dotted:
            app_label, codename = name.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


@pytest.fixture
def browser() -> Any:
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    # While Playwright runs, Django's per-context connection store is not the one the session's teardown sees, so the
    # connection the test opened must be closed here, or dropping the test database finds it still in use.
    connections.close_all()
    browser.close()
    playwright.stop()


def browser_login(browser: Any, live_server: Any, user: Any) -> Any:
    """A new browser context signed in as `user` through the login form; returns its page."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page
