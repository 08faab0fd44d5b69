"""The admin's moderation log records changes made to claims there; its audit-trail filters offer named choices only."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from claims.models import ReviewEvent
from tests.factories import ClaimFactory, moderator, reviewer
from tests.partners.helpers import published_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def mod_client() -> Client:
    client = Client()
    client.force_login(moderator(username="mo"))
    return client


def act(client: Client, action: str, ids: list[int], **extra: str) -> None:
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": action, "_selected_action": [str(i) for i in ids], **extra},
    )
    assert response.status_code == 302, response.content[:500]


def log_for(claim_id: int) -> list[str]:
    return list(
        LogEntry.objects.filter(content_type__model="claim", object_id=str(claim_id)).values_list(
            "change_message", flat=True
        )
    )


def test_assigning_claims_in_the_admin_shows_in_the_moderation_log(mod_client: Client) -> None:
    moved, already = ClaimFactory(), ClaimFactory()
    who = reviewer(username="rita")
    already.assigned_to = who
    already.save()
    act(mod_client, "assign", [moved.pk, already.pk], apply="1", assignee=str(who.pk))
    assert log_for(moved.pk) == ["Assigned to rita."]
    assert log_for(already.pk) == []  # nothing changed hands, nothing to log
    page = mod_client.get(reverse("admin:admin_logentry_changelist"))
    assert "Assigned to rita." in page.content.decode()


@pytest.mark.parametrize(("action", "past"), [("withdraw", "Withdrew"), ("unpublish", "Unpublished")])
def test_withdrawing_or_unpublishing_in_the_admin_is_logged_with_the_reason(
    mod_client: Client, action: str, past: str
) -> None:
    claim = published_claim()
    act(mod_client, action, [claim.pk], apply="1", reason="The outlet retracted it.")
    assert log_for(claim.pk) == [f"{past} the verdict: The outlet retracted it."]


def test_the_to_verdict_filter_names_every_choice_and_has_no_blank_one(mod_client: Client) -> None:
    claim = published_claim()
    ReviewEvent.objects.create(claim=claim, action="assigned", to_state="unreviewed", to_verdict="", claim_version=1)
    ReviewEvent.objects.create(
        claim=claim, action="verdict_set", to_state="reviewed", to_verdict="supported", claim_version=2
    )
    page = mod_client.get(reverse("admin:claims_reviewevent_changelist")).content.decode()
    section = page[page.index("By to verdict") :]
    section = section[: section.index("</details>")]
    choices = [re.sub(r"<[^>]+>|\s+", " ", item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", section, re.S)]
    assert choices == ["All", "Supported", "Disputed", "Unverified", "No verdict (not reviewed)"]

    blank = mod_client.get(reverse("admin:claims_reviewevent_changelist") + "?to_verdict=none")
    assert [e.action for e in blank.context["cl"].result_list] == ["assigned"]
    supported = mod_client.get(reverse("admin:claims_reviewevent_changelist") + "?to_verdict=supported")
    assert [e.action for e in supported.context["cl"].result_list] == ["verdict_set"]
