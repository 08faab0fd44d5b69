from __future__ import annotations

import pytest

from claims import services
from claims.models import Claim, Evidence, ReviewEvent, ReviewState, Verdict
from tests.factories import ClaimFactory, EvidenceFactory, editor, reviewer

pytestmark = pytest.mark.django_db


def test_a_verdict_is_recorded_with_its_history():
    claim = ClaimFactory()
    person = reviewer()
    saved = services.claim_set_verdict(
        claim_id=claim.pk,
        verdict=Verdict.SUPPORTED,
        rationale="Two outlets confirm.",
        reviewer=person,
        expected_version=claim.version,
    )
    assert (saved.review_state, saved.verdict, saved.version) == (ReviewState.REVIEWED, Verdict.SUPPORTED, 2)
    event = ReviewEvent.objects.get(claim=claim)
    assert (event.actor, event.from_state, event.to_state, event.to_verdict, event.note) == (
        person,
        "unreviewed",
        "reviewed",
        "supported",
        "Two outlets confirm.",
    )


def test_it_refuses_a_stale_verdict_and_keeps_the_first_decision():
    claim = ClaimFactory()
    first, second = reviewer(), reviewer()
    services.claim_set_verdict(
        claim_id=claim.pk, verdict=Verdict.DISPUTED, rationale="Figure differs.", reviewer=first, expected_version=1
    )
    with pytest.raises(services.StaleClaimError) as excinfo:
        services.claim_set_verdict(
            claim_id=claim.pk, verdict=Verdict.SUPPORTED, rationale="Looks fine.", reviewer=second, expected_version=1
        )
    assert excinfo.value.current.verdict == Verdict.DISPUTED
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.verdict, stored.reviewed_by) == (Verdict.DISPUTED, first)
    assert ReviewEvent.objects.filter(claim=claim).count() == 1


@pytest.mark.parametrize(
    ("verdict", "rationale", "message"),
    [
        ("true", "x", "Unknown verdict"),
        (Verdict.SUPPORTED, "   ", "Write a rationale"),
    ],
)
def test_it_rejects_an_invalid_verdict(verdict, rationale, message):
    claim = ClaimFactory()
    with pytest.raises(services.ReviewError, match=message):
        services.claim_set_verdict(
            claim_id=claim.pk, verdict=verdict, rationale=rationale, reviewer=reviewer(), expected_version=1
        )
    assert Claim.objects.get(pk=claim.pk).review_state == ReviewState.UNREVIEWED


def test_publication_needs_a_verdict_and_announces_it(django_capture_on_commit_callbacks):
    claim = ClaimFactory()
    with pytest.raises(services.ReviewError, match="set a verdict first"):
        services.claim_publish(claim_id=claim.pk, editor=editor())
    services.claim_set_verdict(
        claim_id=claim.pk, verdict=Verdict.SUPPORTED, rationale="ok", reviewer=reviewer(), expected_version=1
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        published = services.claim_publish(claim_id=claim.pk, editor=editor())
    assert published.review_state == ReviewState.PUBLISHED and published.published_at is not None
    assert len(callbacks) == 1


def test_a_correction_to_a_published_verdict_keeps_it_published_and_logs_the_change():
    claim = ClaimFactory()
    services.claim_set_verdict(
        claim_id=claim.pk, verdict="supported", rationale="a", reviewer=reviewer(), expected_version=1
    )
    services.claim_publish(claim_id=claim.pk, editor=editor())
    corrected = services.claim_set_verdict(
        claim_id=claim.pk, verdict="disputed", rationale="New count.", reviewer=reviewer(), expected_version=3
    )
    assert (corrected.review_state, corrected.verdict) == (ReviewState.PUBLISHED, Verdict.DISPUTED)
    actions = list(ReviewEvent.objects.filter(claim=claim).values_list("action", flat=True))
    assert actions == ["verdict_set", "published", "corrected"]


def test_withdrawal_needs_a_reason_and_keeps_the_verdict():
    claim = ClaimFactory()
    services.claim_set_verdict(
        claim_id=claim.pk, verdict="supported", rationale="a", reviewer=reviewer(), expected_version=1
    )
    services.claim_publish(claim_id=claim.pk, editor=editor())
    with pytest.raises(services.ReviewError, match="reason"):
        services.claim_withdraw(claim_id=claim.pk, actor=editor(), reason="")
    withdrawn = services.claim_withdraw(claim_id=claim.pk, actor=editor(), reason="Source retracted.")
    assert (withdrawn.review_state, withdrawn.verdict) == (ReviewState.WITHDRAWN, Verdict.SUPPORTED)
    assert not Claim.objects.published().exists()


def test_accepting_a_suggestion_records_the_stance_and_an_event():
    evidence = EvidenceFactory()
    person = reviewer()
    decided = services.evidence_decide(evidence_id=evidence.pk, accept=True, actor=person, stance="contradicts")
    assert (decided.state, decided.stance, decided.decided_by) == ("accepted", "contradicts", person)
    event = ReviewEvent.objects.get(claim=evidence.claim)
    assert event.action == "evidence_accepted" and event.details["after"]["stance"] == "contradicts"


@pytest.mark.parametrize(
    ("url", "excerpt", "message"),
    [
        ("javascript:alert(1)", "quote", "full http"),
        ("https://ministry.example/statement", "  ", "Quote the passage"),
    ],
)
def test_external_evidence_needs_a_url_and_a_quote(url, excerpt, message):
    claim = ClaimFactory()
    with pytest.raises(services.ReviewError, match=message):
        services.evidence_add_external(claim_id=claim.pk, url=url, excerpt=excerpt, stance="supports", actor=reviewer())
    assert not Evidence.objects.exists()


def test_assignment_is_logged_and_counts_only_changes():
    claims = ClaimFactory.create_batch(3)
    person, boss = reviewer(), editor()
    assert services.claims_assign(claim_ids=[c.pk for c in claims], assignee=person, actor=boss) == 3
    assert services.claims_assign(claim_ids=[c.pk for c in claims], assignee=person, actor=boss) == 0
    assert Claim.objects.filter(assigned_to=person).count() == 3
    assert ReviewEvent.objects.filter(action="assigned").count() == 3
