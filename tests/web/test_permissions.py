"""Role × URL × expected status: every page and action of the web UI, enforced on the server."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, editor, moderator, reviewer
from tests.web.conftest import Desk

ANONYMOUS, EDITOR, REVIEWER, MODERATOR, NO_ROLE, OTHER_REVIEWER = (
    "anonymous",
    "editor",
    "reviewer",
    "moderator",
    "no role",
    "reviewer of someone else's claim",
)
LOGIN = "login"  # a redirect to the login page

# (name, method, url builder, {role: expected status}); "reviewer" acts on an unassigned claim.
ROWS: list[tuple[str, str, Any, dict[str, Any]]] = [
    ("dashboard", "get", lambda d: reverse("claims:dashboard"), {EDITOR: 200, REVIEWER: 200, MODERATOR: 200}),
    ("claim list", "get", lambda d: reverse("claims:list"), {EDITOR: 200, REVIEWER: 200, MODERATOR: 200}),
    ("next claim", "get", lambda d: reverse("claims:next"), {EDITOR: 302, REVIEWER: 302, MODERATOR: 302}),
    ("search", "get", lambda d: reverse("claims:search") + "?q=bridge", {EDITOR: 200, REVIEWER: 200, MODERATOR: 200}),
    ("article list", "get", lambda d: reverse("articles:list"), {EDITOR: 200, REVIEWER: 200, MODERATOR: 200}),
    ("article queue", "get", lambda d: reverse("articles:queue"), {EDITOR: 200, REVIEWER: 200, MODERATOR: 200}),
    (
        "article",
        "get",
        lambda d: reverse("articles:detail", args=[d.article.pk]),
        {EDITOR: 200, REVIEWER: 200, MODERATOR: 200},
    ),
    (
        "article status",
        "get",
        lambda d: reverse("articles:status", args=[d.article.pk]),
        {EDITOR: 200, REVIEWER: 200, MODERATOR: 200},
    ),
    ("upload page", "get", lambda d: reverse("articles:upload"), {EDITOR: 200, REVIEWER: 403, MODERATOR: 200}),
    ("upload", "post", lambda d: reverse("articles:upload"), {EDITOR: 400, REVIEWER: 403, MODERATOR: 400}),
    (
        "reprocess",
        "post",
        lambda d: reverse("articles:reprocess", args=[d.article.pk]),
        {EDITOR: 302, REVIEWER: 403, MODERATOR: 302},
    ),
    (
        "assign article",
        "post",
        lambda d: reverse("articles:assign", args=[d.article.pk]),
        {EDITOR: 302, REVIEWER: 403, MODERATOR: 302},
    ),
    (
        "publish article",
        "post",
        lambda d: reverse("articles:publish", args=[d.article.pk]),
        {EDITOR: 200, REVIEWER: 403, MODERATOR: 200},
    ),
    (
        "claim review page",
        "get",
        lambda d: reverse("claims:review", args=[d.claim.pk]),
        {EDITOR: 200, REVIEWER: 200, MODERATOR: 200, OTHER_REVIEWER: 200},
    ),
    (
        "save verdict",
        "post",
        lambda d: reverse("claims:verdict", args=[d.claim.pk]),
        {EDITOR: 403, REVIEWER: 400, MODERATOR: 400, OTHER_REVIEWER: 403},
    ),
    (
        "decide evidence",
        "post",
        lambda d: reverse("claims:evidence_decide", args=[d.claim.pk, d.evidence.pk]),
        {EDITOR: 403, REVIEWER: 302, MODERATOR: 302, OTHER_REVIEWER: 403},
    ),
    (
        "add evidence",
        "post",
        lambda d: reverse("claims:evidence_add", args=[d.claim.pk]),
        {EDITOR: 403, REVIEWER: 400, MODERATOR: 400, OTHER_REVIEWER: 403},
    ),
    (
        "publish claim",
        "post",
        lambda d: reverse("claims:publish", args=[d.reviewed_claim.pk]),
        {EDITOR: 302, REVIEWER: 403, MODERATOR: 302},
    ),
    (
        "publish preview",
        "get",
        lambda d: reverse("claims:publish", args=[d.reviewed_claim.pk]),
        {EDITOR: 200, REVIEWER: 403, MODERATOR: 200},
    ),
    (
        "bulk action",
        "post",
        lambda d: reverse("claims:bulk"),
        {EDITOR: 400, REVIEWER: 400, MODERATOR: 400},
    ),
    (
        "export the claims list",
        "get",
        lambda d: reverse("claims:list_export", args=["csv"]),
        {EDITOR: 200, REVIEWER: 200, MODERATOR: 200},
    ),
    (
        "export search results",
        "get",
        lambda d: reverse("claims:search_export", args=["csv"]),
        {EDITOR: 200, REVIEWER: 200, MODERATOR: 200},
    ),
    (
        "export a claim's evidence",
        "get",
        lambda d: reverse("claims:evidence_export", args=[d.claim.pk, "json"]),
        {EDITOR: 200, REVIEWER: 200, MODERATOR: 200},
    ),
    (
        "unpublish claim",
        "post",
        lambda d: reverse("claims:unpublish", args=[d.published_claim.pk]),
        {EDITOR: 302, REVIEWER: 403, MODERATOR: 302},
    ),
    (
        "withdraw claim",
        "post",
        lambda d: reverse("claims:withdraw", args=[d.published_claim.pk]),
        {EDITOR: 302, REVIEWER: 403, MODERATOR: 302},
    ),
    (
        "assign claim",
        "post",
        lambda d: reverse("claims:assign", args=[d.claim.pk]),
        {EDITOR: 302, REVIEWER: 403, MODERATOR: 302},
    ),
    (
        "split a claim out of its group",
        "post",
        lambda d: reverse("claims:group_split", args=[d.claim.pk]),
        {EDITOR: 302, REVIEWER: 403, MODERATOR: 302},
    ),
]

ROLES = [ANONYMOUS, NO_ROLE, EDITOR, REVIEWER, MODERATOR, OTHER_REVIEWER]


def _expected(role: str, method: str, table: dict[str, Any]) -> Any:
    if role == ANONYMOUS:
        return LOGIN
    if role == NO_ROLE:
        return 403
    if role == OTHER_REVIEWER:
        # Pages that do not involve the other reviewer's claim behave as for any reviewer.
        return table.get(OTHER_REVIEWER, table[REVIEWER])
    return table[role]


CASES = [
    pytest.param(role, name, method, url, _expected(role, method, table), id=f"{role}-{method}-{name}")
    for name, method, url, table in ROWS
    for role in ROLES
]


def _client_for(role: str, desk: Desk, other_reviewer: Any) -> tuple[Client, Any]:
    client = Client()
    user = None
    if role == EDITOR:
        user = editor(username="perm-editor")
    elif role == REVIEWER:
        user = reviewer(username="perm-reviewer")
    elif role == MODERATOR:
        user = moderator(username="perm-moderator")
    elif role == NO_ROLE:
        user = UserFactory(username="perm-nobody")
    elif role == OTHER_REVIEWER:
        user = reviewer(username="perm-reviewer-2")
        # The claim under test belongs to a colleague.
        type(desk.claim).objects.filter(pk=desk.claim.pk).update(assigned_to=other_reviewer)
    if user is not None:
        client.force_login(user)
    return client, user


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "method", "url", "expected"), CASES)
def test_role_can_only_reach_what_it_is_allowed(
    role: str, name: str, method: str, url: Any, expected: Any, desk: Desk, other_reviewer: Any
) -> None:
    client, _ = _client_for(role, desk, other_reviewer)
    address = url(desk)
    response = client.get(address) if method == "get" else client.post(address, {})
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, response.content[:500]
    if response.status_code == 403:
        # A refusal shows no desk data.
        assert desk.claim.text.encode() not in response.content
        assert desk.article.title.encode() not in response.content


@pytest.mark.django_db
def test_every_url_of_the_ui_is_in_the_table() -> None:
    from django.urls import get_resolver

    names = set()
    for namespace in ("articles", "claims"):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {f"{namespace}:{n}" for n in resolver.reverse_dict if isinstance(n, str)}
    covered = {
        "claims:dashboard",
        "claims:list",
        "claims:next",
        "claims:search",
        "articles:list",
        "articles:queue",
        "articles:detail",
        "articles:status",
        "articles:upload",
        "articles:reprocess",
        "articles:assign",
        "articles:publish",
        "claims:review",
        "claims:verdict",
        "claims:evidence_decide",
        "claims:evidence_add",
        "claims:publish",
        "claims:bulk",
        "claims:list_export",
        "claims:evidence_export",
        "claims:search_export",
        "claims:fact_check",
        "claims:unpublish",
        "claims:withdraw",
        "claims:assign",
        "claims:group_split",
    }
    assert names == covered


@pytest.mark.django_db
def test_a_reviewer_sees_someone_elses_claim_read_only(desk: Desk, reviewer_client: Client) -> None:
    response = reviewer_client.get(reverse("claims:review", args=[desk.assigned_claim.pk]))
    assert response.status_code == 200
    assert b'id="verdict-form"' not in response.content
    assert b"only they (or a moderator) can review it" in response.content
