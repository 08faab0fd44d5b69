"""Claim review: verdicts, the stale-save conflict, evidence decisions, publication, assignment and history."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Claim, Evidence, ReviewEvent, ReviewState
from tests.factories import ArticleFactory, EvidenceFactory, PassageFactory, SourceFactory
from tests.web.conftest import Desk, signed_in


def _verdict(client: Client, claim: Claim, verdict: str, rationale: str, version: int, **extra: Any) -> Any:
    return client.post(
        reverse("claims:verdict", args=[claim.pk]),
        {"verdict": verdict, "rationale": rationale, "expected_version": version, **extra},
    )


def test_the_review_page_shows_the_claim_its_evidence_and_the_differences(desk: Desk, reviewer_client: Client) -> None:
    response = reviewer_client.get(reverse("claims:review", args=[desk.claim.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="claim-focus">At least 14 people were killed when the bridge collapsed' in body
    assert "CPTV News" in body
    assert '<mark class="diff"' in body and ">19</mark>" in body
    assert 'name="expected_version" value="1"' in body
    assert "Keyboard shortcuts" in body


def test_the_review_page_says_what_a_claim_rests_on_with_or_without_a_speaker(
    desk: Desk, reviewer_client: Client
) -> None:
    def attribution() -> str:
        body = reviewer_client.get(reverse("claims:review", args=[desk.claim.pk])).content.decode()
        start = body.index('data-testid="attribution"')
        return body[start : body.index("</dd>", start)]

    Claim.objects.filter(pk=desk.claim.pk).update(speaker="Lorvan police", speaker_role="", source_type="statement")
    assert "Lorvan police" in attribution() and "source:</span> statement" in attribution()
    Claim.objects.filter(pk=desk.claim.pk).update(speaker="", source_type="pictures")
    assert "no named speaker" in attribution() and "pictures" in attribution()
    Claim.objects.filter(pk=desk.claim.pk).update(source_type="")
    assert "the outlet itself (no speaker)" in attribution()


def test_clashes_come_first_and_each_card_shows_the_probability_of_the_stance_suggested(
    desk: Desk, reviewer_client: Client
) -> None:
    desk.evidence.score = 0.83
    desk.evidence.suggested_stance = desk.evidence.stance
    desk.evidence.save(update_fields=["score", "suggested_stance"])
    wire = ArticleFactory(
        source=SourceFactory(name="Harbour Wire", domain="harbourwire.example"),
        body="At least 14 people were killed when the bridge collapsed, officials said.",
    )
    supporting = EvidenceFactory(
        claim=desk.claim, passage=PassageFactory(article=wire), score=0.91, suggested_stance="supports"
    )
    restanced = EvidenceFactory(
        claim=desk.claim,
        passage=PassageFactory(article=ArticleFactory(body="Nobody was killed when the bridge collapsed.")),
        stance=Evidence.Stance.CONTEXT,
        suggested_stance=Evidence.Stance.CONTRADICTS,
        state=Evidence.State.REJECTED,
        score=0.55,
    )

    body = reviewer_client.get(reverse("claims:review", args=[desk.claim.pk])).content.decode()

    positions = [body.index(f'id="evidence-{item.pk}"') for item in (desk.evidence, supporting, restanced)]
    assert positions == sorted(positions)
    assert f"{desk.evidence.get_stance_display().lower()} 0.83" in body and "supports 0.91" in body
    # A card the reviewer re-stanced keeps no system figure: it would describe a stance nobody holds any more.
    assert "0.55" not in body
    assert "1 difference" in body


def test_a_reviewer_saves_a_verdict(desk: Desk, reviewer_client: Client, reviewer_user: Any) -> None:
    response = _verdict(reviewer_client, desk.claim, "disputed", "CPTV reports 19 dead.", 1)
    assert response.status_code == 302
    claim = Claim.objects.get(pk=desk.claim.pk)
    assert (claim.verdict, claim.review_state, claim.version) == ("disputed", ReviewState.REVIEWED, 2)
    assert claim.reviewed_by == reviewer_user
    event = ReviewEvent.objects.get(claim=claim)
    assert event.to_verdict == "disputed" and event.actor == reviewer_user
    page = reviewer_client.get(reverse("claims:review", args=[claim.pk])).content.decode()
    assert "CPTV reports 19 dead." in page  # history shows the rationale


def test_save_and_next_goes_to_the_next_claim(desk: Desk, reviewer_client: Client) -> None:
    response = _verdict(reviewer_client, desk.claim, "disputed", "Differs.", 1, then="next")
    assert response.status_code == 302
    follow = reviewer_client.get(response["Location"])
    assert follow.status_code == 302
    assert follow["Location"] == reverse("claims:review", args=[desk.assigned_claim.pk]) or follow[
        "Location"
    ] != reverse("claims:review", args=[desk.claim.pk])


def test_a_verdict_needs_a_rationale(desk: Desk, reviewer_client: Client) -> None:
    response = _verdict(reviewer_client, desk.claim, "supported", "", 1)
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Claim.objects.get(pk=desk.claim.pk).verdict == ""


def test_a_stale_save_shows_the_other_reviewers_decision_and_can_be_reapplied(
    desk: Desk, reviewer_client: Client, moderator_user: Any
) -> None:
    services.claim_set_verdict(
        claim_id=desk.claim.pk,
        verdict="supported",
        rationale="The wire says 14.",
        reviewer=moderator_user,
        expected_version=1,
    )
    response = _verdict(reviewer_client, desk.claim, "disputed", "CPTV says 19.", 1)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this claim first" in body
    assert "The wire says 14." in body and "mo" in body  # their rationale and who
    assert "CPTV says 19." in body  # mine, kept for reapplying
    assert 'name="expected_version" value="2"' in body
    claim = Claim.objects.get(pk=desk.claim.pk)
    assert (claim.verdict, claim.rationale) == ("supported", "The wire says 14.")  # nothing overwritten

    reapplied = _verdict(reviewer_client, desk.claim, "disputed", "CPTV says 19.", 2)
    assert reapplied.status_code == 302
    claim.refresh_from_db()
    assert (claim.verdict, claim.rationale, claim.version) == ("disputed", "CPTV says 19.", 3)
    assert ReviewEvent.objects.filter(claim=claim, action=ReviewEvent.Action.VERDICT_SET).count() == 2


def test_a_reviewer_accepts_a_suggestion_with_a_stance(desk: Desk, reviewer_client: Client) -> None:
    url = reverse("claims:evidence_decide", args=[desk.claim.pk, desk.evidence.pk])
    response = reviewer_client.post(url, {"decision": "accept", "stance": "contradicts"})
    assert response.status_code == 302
    evidence = Evidence.objects.get(pk=desk.evidence.pk)
    assert (evidence.state, evidence.stance) == (Evidence.State.ACCEPTED, "contradicts")
    reviewer_client.post(url, {"decision": "reject", "stance": ""})
    evidence.refresh_from_db()
    assert evidence.state == Evidence.State.REJECTED


def test_a_reviewer_adds_external_evidence(desk: Desk, reviewer_client: Client) -> None:
    response = reviewer_client.post(
        reverse("claims:evidence_add", args=[desk.claim.pk]),
        {
            "url": "https://calder.example/toll",
            "excerpt": "The province confirmed 14 deaths.",
            "stance": "supports",
            "note": "Official statement",
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(claim=desk.claim, origin=Evidence.Origin.HUMAN)
    assert evidence.external_url == "https://calder.example/toll"
    page = reviewer_client.get(reverse("claims:review", args=[desk.claim.pk])).content.decode()
    assert "The province confirmed 14 deaths." in page


def test_external_evidence_needs_an_excerpt(desk: Desk, reviewer_client: Client) -> None:
    response = reviewer_client.post(
        reverse("claims:evidence_add", args=[desk.claim.pk]),
        {"url": "https://calder.example/toll", "excerpt": "", "stance": "supports"},
    )
    assert response.status_code == 400
    assert not Evidence.objects.filter(origin=Evidence.Origin.HUMAN).exists()


def test_an_editor_publishes_unpublishes_and_withdraws_keeping_history(desk: Desk, editor_client: Client) -> None:
    claim = desk.reviewed_claim
    editor_client.post(reverse("claims:publish", args=[claim.pk]), {"expected_version": claim.version})
    claim.refresh_from_db()
    assert claim.review_state == ReviewState.PUBLISHED and claim.published_at is not None

    refused = editor_client.post(reverse("claims:unpublish", args=[claim.pk]), {"reason": ""}, follow=True)
    assert "Give a reason" in refused.content.decode()
    claim.refresh_from_db()
    assert claim.review_state == ReviewState.PUBLISHED

    editor_client.post(reverse("claims:unpublish", args=[claim.pk]), {"reason": "Toll revised"})
    claim.refresh_from_db()
    assert claim.review_state == ReviewState.REVIEWED and claim.verdict == "supported"

    claim.refresh_from_db()
    editor_client.post(reverse("claims:publish", args=[claim.pk]), {"expected_version": claim.version})
    editor_client.post(reverse("claims:withdraw", args=[claim.pk]), {"reason": "Source retracted"})
    claim.refresh_from_db()
    assert claim.review_state == ReviewState.WITHDRAWN
    actions = list(ReviewEvent.objects.filter(claim=claim).values_list("action", flat=True))
    assert actions == ["published", "unpublished", "published", "withdrawn"]
    page = editor_client.get(reverse("claims:review", args=[claim.pk])).content.decode()
    assert "Toll revised" in page and "Source retracted" in page


def test_publishing_an_unreviewed_claim_is_refused(desk: Desk, editor_client: Client) -> None:
    response = editor_client.post(reverse("claims:publish", args=[desk.claim.pk]), {}, follow=True)
    assert "Only a reviewed claim can be published" in response.content.decode()
    assert Claim.objects.get(pk=desk.claim.pk).review_state == ReviewState.UNREVIEWED


def test_an_editor_publishes_every_reviewed_verdict_of_an_article(desk: Desk, editor_client: Client) -> None:
    # First what would go public, with the versions shown; nothing is published yet.
    confirmation = editor_client.post(reverse("articles:publish", args=[desk.article.pk]))
    assert confirmation.status_code == 200 and b"Publish these verdicts?" in confirmation.content
    assert f'name="version_{desk.reviewed_claim.pk}" value="{desk.reviewed_claim.version}"'.encode() in (
        confirmation.content
    )
    assert Claim.objects.get(pk=desk.reviewed_claim.pk).review_state == ReviewState.REVIEWED
    claim = desk.reviewed_claim
    editor_client.post(
        reverse("claims:bulk"),
        {"action": "publish", "confirm": "on", "claim": [claim.pk], f"version_{claim.pk}": claim.version},
    )
    assert Claim.objects.get(pk=desk.reviewed_claim.pk).review_state == ReviewState.PUBLISHED
    assert Claim.objects.get(pk=desk.claim.pk).review_state == ReviewState.UNREVIEWED


def test_an_editor_assigns_a_claim_and_a_whole_article(
    desk: Desk, editor_client: Client, reviewer_user: Any, other_reviewer: Any
) -> None:
    editor_client.post(reverse("claims:assign", args=[desk.claim.pk]), {"assignee": other_reviewer.pk})
    assert Claim.objects.get(pk=desk.claim.pk).assigned_to == other_reviewer

    editor_client.post(reverse("articles:assign", args=[desk.article.pk]), {"assignee": reviewer_user.pk})
    unreviewed = Claim.objects.filter(article=desk.article, review_state=ReviewState.UNREVIEWED)
    assert {c.assigned_to_id for c in unreviewed} == {reviewer_user.pk}
    assert Claim.objects.get(pk=desk.reviewed_claim.pk).assigned_to is None  # reviewed work is not reshuffled
    assert ReviewEvent.objects.filter(action=ReviewEvent.Action.ASSIGNED).count() == 3


def test_only_reviewers_can_be_assigned(desk: Desk, editor_client: Client, editor_user: Any) -> None:
    editor_client.post(reverse("claims:assign", args=[desk.claim.pk]), {"assignee": editor_user.pk})
    assert Claim.objects.get(pk=desk.claim.pk).assigned_to is None


def test_next_claim_prefers_my_queue_then_the_shared_one(desk: Desk, other_reviewer: Any) -> None:
    client = signed_in(other_reviewer)
    first = client.get(reverse("claims:next"))
    assert first["Location"] == reverse("claims:review", args=[desk.assigned_claim.pk])
    second = client.get(reverse("claims:next") + f"?after={desk.assigned_claim.pk}")
    assert second["Location"] == reverse("claims:review", args=[desk.claim.pk])


def test_a_reviewer_with_an_empty_queue_returns_to_the_dashboard(db: Any, reviewer_client: Client) -> None:
    response = reviewer_client.get(reverse("claims:next"))
    assert response["Location"] == reverse("claims:dashboard")


def test_the_dashboard_shows_counts_queue_activity_and_chart(desk: Desk, reviewer_client: Client) -> None:
    _verdict(reviewer_client, desk.claim, "disputed", "Differs.", 1)
    body = reviewer_client.get(reverse("claims:dashboard")).content.decode()
    assert "Bridge collapse kills 14" in body  # the article queue
    assert "<svg" in body and "bar-disputed" in body  # today's verdict in the chart
    assert "verdict set" in body  # recent activity
    assert "My queue" in body


def test_the_queue_partial_polls_only_while_work_is_in_progress(desk: Desk, editor_client: Client) -> None:
    body = editor_client.get(reverse("articles:queue")).content.decode()
    assert 'data-active="false"' in body
    type(desk.article).objects.filter(pk=desk.article.pk).update(status="processing", stage="scoring", progress=40)
    body = editor_client.get(reverse("articles:queue")).content.decode()
    assert 'data-active="true"' in body and "Scoring claims · 40%" in body
    status = editor_client.get(
        reverse("articles:status", args=[desk.article.pk]), headers={"Accept": "application/json"}
    )
    assert status.json()["progress"] == 40 and status.json()["finished"] is False


def test_next_claim_ignores_a_malformed_after_parameter(desk: Desk, reviewer_client: Client) -> None:
    response = reviewer_client.get(reverse("claims:next") + "?after=12abc")
    assert response.status_code == 302


def test_a_reviewer_without_the_publish_permission_cannot_change_a_published_verdict(
    desk: Desk, reviewer_client: Client
) -> None:
    claim = desk.published_claim
    before = (claim.verdict, claim.rationale, claim.version)
    response = reviewer_client.post(
        reverse("claims:verdict", args=[claim.pk]),
        {"verdict": "unverified", "rationale": "Changed my mind.", "expected_version": claim.version},
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert (claim.verdict, claim.rationale, claim.version) == before
    page = reviewer_client.get(claim.get_absolute_url())
    assert b'id="verdict-form"' not in page.content
