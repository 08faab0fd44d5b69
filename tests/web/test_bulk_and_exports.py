"""Bulk actions on the claims list and exports of the desk's lists."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Claim, ReviewEvent, ReviewState
from tests.factories import ClaimFactory, EvidenceFactory
from tests.web.conftest import Desk


def bulk(client: Client, claims: list[Claim], action: str, *, versions: dict[int, int] | None = None, **extra: Any):
    data: dict[str, Any] = {"action": action, "claim": [c.pk for c in claims], **extra}
    for claim in claims:
        data[f"version_{claim.pk}"] = (versions or {}).get(claim.pk, claim.version)
    return client.post(reverse("claims:bulk"), data)


def body(response: Any) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def csv_rows(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body(response).removeprefix("\ufeff"))))


# --- bulk actions ---------------------------------------------------------------------------------------------------


def test_bulk_assign_reports_each_claim_and_skips_the_stale_one(desk: Desk, editor_client: Client, other_reviewer):
    fresh, stale = desk.claim, desk.reviewed_claim
    shown = stale.version
    services.claims_assign(claim_ids=[stale.pk], assignee=other_reviewer, actor=other_reviewer)  # a colleague's change

    response = bulk(editor_client, [fresh, stale], "assign", versions={stale.pk: shown}, assignee=other_reviewer.pk)

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 done, 1 changed by someone else (not touched)" in html
    assert f"Now version {shown + 1} (you saw {shown})" in html
    assert Claim.objects.get(pk=fresh.pk).assigned_to == other_reviewer
    # The stale claim has only the colleague's change: one assignment event, its version bumped once.
    assert Claim.objects.get(pk=stale.pk).version == shown + 1
    assert ReviewEvent.objects.filter(claim=stale, action=ReviewEvent.Action.ASSIGNED).count() == 1


def test_a_reviewer_is_refused_bulk_assignment_claim_by_claim(desk: Desk, reviewer_client: Client, other_reviewer):
    response = bulk(reviewer_client, [desk.claim, desk.reviewed_claim], "assign", assignee=other_reviewer.pk)
    html = response.content.decode()
    assert "2 refused" in html and html.count("Your role cannot assign claims.") == 2
    assert Claim.objects.get(pk=desk.claim.pk).assigned_to is None


def test_bulk_publish_shows_what_goes_public_then_publishes_on_confirmation(desk: Desk, editor_client: Client):
    reviewed, unreviewed = desk.reviewed_claim, desk.claim
    confirm = bulk(editor_client, [reviewed, unreviewed], "publish")
    html = confirm.content.decode()
    assert "Publish these verdicts?" in html
    assert "The mayor said 1,200 residents were evacuated." in html or "1,200 residents were evacuated" in html
    assert "Not included: Unreviewed" in html
    assert Claim.objects.get(pk=reviewed.pk).review_state == ReviewState.REVIEWED  # nothing yet

    done = bulk(editor_client, [reviewed], "publish", confirm="on")
    assert "1 done" in done.content.decode()
    assert Claim.objects.get(pk=reviewed.pk).review_state == ReviewState.PUBLISHED


def test_bulk_publish_by_a_reviewer_is_refused(desk: Desk, reviewer_client: Client):
    html = bulk(reviewer_client, [desk.reviewed_claim], "publish", confirm="on").content.decode()
    assert "Your role cannot publish verdicts." in html
    assert Claim.objects.get(pk=desk.reviewed_claim.pk).review_state == ReviewState.REVIEWED


def test_bulk_withdraw_needs_a_reason_and_refuses_what_is_not_published(desk: Desk, editor_client: Client):
    refused = bulk(editor_client, [desk.published_claim], "withdraw", reason=" ")
    assert refused.status_code == 400 and "Give a reason" in refused.content.decode()
    assert Claim.objects.get(pk=desk.published_claim.pk).review_state == ReviewState.PUBLISHED

    html = bulk(editor_client, [desk.published_claim, desk.claim], "withdraw", reason="Source retracted").content
    assert b"1 done" in html and b"Only a published verdict can be withdrawn." in html
    assert Claim.objects.get(pk=desk.published_claim.pk).review_state == ReviewState.WITHDRAWN
    assert Claim.objects.get(pk=desk.claim.pk).review_state == ReviewState.UNREVIEWED


def test_bad_selections_change_nothing(desk: Desk, editor_client: Client, other_reviewer):
    nothing = editor_client.post(reverse("claims:bulk"), {"action": "assign", "assignee": other_reviewer.pk})
    assert nothing.status_code == 400 and "Tick at least one claim" in nothing.content.decode()
    no_version = editor_client.post(
        reverse("claims:bulk"), {"action": "assign", "claim": [desk.claim.pk], "assignee": other_reviewer.pk}
    )
    assert no_version.status_code == 400 and "without the version you saw" in no_version.content.decode()
    unknown = bulk(editor_client, [desk.claim], "delete")
    assert unknown.status_code == 400
    assert Claim.objects.get(pk=desk.claim.pk).assigned_to is None


def test_the_list_offers_selection_and_bulk_actions(desk: Desk, editor_client: Client):
    html = editor_client.get(reverse("claims:list")).content.decode()
    assert 'id="bulk-form"' in html and f'name="claim" value="{desk.claim.pk}"' in html
    assert f'name="version_{desk.claim.pk}" value="{desk.claim.version}"' in html
    assert 'value="assign"' in html and 'value="publish"' in html
    assert "<script" not in html.split("</head>")[1]  # no inline script (CSP)


def test_export_selected_claims(desk: Desk, reviewer_client: Client):
    response = bulk(reviewer_client, [desk.claim, desk.published_claim], "export_csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="claims-selected-')
    assert [int(row["id"]) for row in csv_rows(response)] == sorted([desk.claim.pk, desk.published_claim.pk])


# --- exports of filtered lists --------------------------------------------------------------------------------------


def test_the_list_export_uses_the_page_filters_and_every_page(desk: Desk, editor_client: Client):
    for index in range(60):  # more than one page of the list
        ClaimFactory(article=desk.other_article, start=index, end=index + 5, text=f"claim {index}", score=0.1)
    all_rows = csv_rows(editor_client.get(reverse("claims:list_export", args=["csv"])))
    assert len(all_rows) == Claim.objects.count() == 64
    page_ids = [c.pk for c in editor_client.get(reverse("claims:list")).context["page"].object_list]
    assert [int(r["id"]) for r in all_rows[:50]] == page_ids  # the page's order

    reviewed = editor_client.get(reverse("claims:list_export", args=["json"]), {"state": "reviewed"})
    assert reviewed["Content-Type"].startswith("application/json")
    records = json.loads(body(reviewed))
    assert [r["id"] for r in records] == [desk.reviewed_claim.pk]
    assert records[0]["verdict"] == "supported" and records[0]["outlet"] == "meridianpress.example"


def test_the_review_queue_export_is_the_list_with_my_queue(desk: Desk, other_reviewer):
    from tests.web.conftest import signed_in

    rows = csv_rows(signed_in(other_reviewer).get(reverse("claims:list_export", args=["csv"]), {"mine": "on"}))
    assert [int(r["id"]) for r in rows] == [desk.assigned_claim.pk]


def test_a_bad_filter_exports_nothing(desk: Desk, editor_client: Client):
    response = editor_client.get(reverse("claims:list_export", args=["csv"]), {"state": "nonsense"})
    assert response.status_code == 400 and b"state" in response.content


def test_csv_cells_cannot_run_as_formulas(desk: Desk, editor_client: Client):
    Claim.objects.filter(pk=desk.claim.pk).update(rationale='=HYPERLINK("http://evil","x")', speaker="@SUM(A1)")
    Claim.objects.filter(pk=desk.reviewed_claim.pk).update(rationale="+1+2", speaker="-cmd")
    rows = {int(r["id"]): r for r in csv_rows(editor_client.get(reverse("claims:list_export", args=["csv"])))}
    assert rows[desk.claim.pk]["rationale"] == '\'=HYPERLINK("http://evil","x")'
    assert rows[desk.claim.pk]["speaker"] == "'@SUM(A1)"
    assert rows[desk.reviewed_claim.pk]["rationale"] == "'+1+2" and rows[desk.reviewed_claim.pk]["speaker"] == "'-cmd"
    # JSON carries the exact text.
    records = {r["id"]: r for r in json.loads(body(editor_client.get(reverse("claims:list_export", args=["json"]))))}
    assert records[desk.claim.pk]["speaker"] == "@SUM(A1)"


def test_a_claims_evidence_export_includes_the_text(desk: Desk, reviewer_client: Client):
    EvidenceFactory(
        claim=desk.claim,
        passage=None,
        origin="human",
        state="accepted",
        score=None,
        external_url="https://council.example/notice",
        excerpt="=The council counted 19 dead.",
    )
    rows = csv_rows(reviewer_client.get(reverse("claims:evidence_export", args=[desk.claim.pk, "csv"])))
    texts = {r["source"]: r["excerpt"] for r in rows}
    assert texts["cptv.example"].startswith("At least 19 people were killed")
    assert texts["https://council.example/notice"] == "'=The council counted 19 dead."


def test_the_admin_evidence_csv_has_the_excerpt_text(desk: Desk, moderator_client: Client):
    response = moderator_client.post(
        reverse("admin:claims_evidence_changelist"), {"action": "export_csv", "_selected_action": [desk.evidence.pk]}
    )
    rows = csv_rows(response)
    assert rows[0]["passage__text"].startswith("At least 19 people were killed")
    assert "excerpt" in rows[0] and rows[0]["claim__text"] == desk.claim.text


def test_the_search_export_streams_every_match_with_the_search_page_filters(desk: Desk, editor_client: Client):
    for index in range(60):  # more than the search page shows
        ClaimFactory(article=desk.other_article, start=index, end=index + 5, text=f"bridge {index}", score=0.1)
    query = {"q": "bridge", "state": "unreviewed"}
    page_claims = editor_client.get(reverse("claims:search"), query).context["claims"]
    rows = csv_rows(editor_client.get(reverse("claims:search_export", args=["csv"]), query))
    assert len(page_claims) == 50 and len(rows) > 50
    assert all(row["review_state"] == "unreviewed" for row in rows)
    assert [int(r["id"]) for r in rows[:50]] == [c.pk for c in page_claims]

    articles = json.loads(
        body(editor_client.get(reverse("claims:search_export", args=["json"]), {**query, "kind": "articles"}))
    )
    assert {a["id"] for a in articles} == {desk.article.pk, desk.other_article.pk}


def test_the_search_page_links_to_the_export_of_every_match_with_its_own_query(desk: Desk, editor_client: Client):
    page = editor_client.get(reverse("claims:search"), {"q": "bridge -2025", "state": "unreviewed"})
    html = page.content.decode()
    claims_link = reverse("claims:search_export", args=["csv"]) + "?q=bridge+-2025&amp;state=unreviewed"
    assert claims_link in html
    assert claims_link + "&amp;kind=articles" in html


def test_a_search_export_with_dates_the_wrong_way_round_exports_nothing(desk: Desk, editor_client: Client):
    response = editor_client.get(
        reverse("claims:search_export", args=["csv"]), {"date_from": "2026-03-10", "date_to": "2026-03-01"}
    )
    assert response.status_code == 400 and b"Nothing exported" in response.content


def test_bulk_publishing_two_members_of_one_group_reports_both_done(desk: Desk, editor_client: Client):
    from claims.models import ClaimGroup

    group = ClaimGroup.objects.create()
    first = desk.reviewed_claim
    second = ClaimFactory(
        article=desk.other_article,
        score=0.5,
        review_state="reviewed",
        verdict=first.verdict,
        rationale=first.rationale,
    )
    Claim.objects.filter(pk__in=[first.pk, second.pk]).update(group=group)
    first.refresh_from_db()
    second.refresh_from_db()

    html = bulk(editor_client, [first, second], "publish", confirm="on").content.decode()
    # Publishing the first publishes its group: the second was changed with it, not by a colleague.
    assert "2 done" in html and f"Changed with claim {first.pk}: they share one review." in html
    assert set(Claim.objects.filter(group=group).values_list("review_state", flat=True)) == {"published"}
