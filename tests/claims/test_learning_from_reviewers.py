"""Every accept/reject of a suggestion is kept as a labelled pair, and the stance thresholds re-fit on them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims import services
from claims.models import Evidence, StanceCalibration, StanceLabel
from engine.stance.thresholds import StanceThresholds, TooFewDecisionsError
from tests.factories import EvidenceFactory, reviewer

pytestmark = pytest.mark.django_db
SHIPPED = StanceThresholds(supports=0.5, contradicts=0.5)


def suggestion(p_contradicts: float, p_supports: float = 0.05) -> Evidence:
    stance = "contradicts" if p_contradicts >= 0.5 else "supports" if p_supports >= 0.5 else "context"
    return EvidenceFactory(
        stance=stance,
        suggested_stance=stance,
        stance_probabilities={
            "supports": p_supports,
            "contradicts": p_contradicts,
            "related": 1 - p_supports - p_contradicts,
        },
    )


def test_accepting_a_suggestion_with_another_stance_keeps_a_labelled_pair_with_both_texts():
    evidence = suggestion(0.7)
    services.evidence_decide(evidence_id=evidence.pk, accept=True, actor=reviewer(), stance="context")
    label = StanceLabel.objects.get()
    assert (label.suggested_stance, label.decision, label.reviewer_stance) == ("contradicts", "accepted", "context")
    assert label.claim_text == evidence.claim.text and label.passage_text == evidence.passage.text
    assert label.probabilities["contradicts"] == 0.7 and not label.agrees
    # The evidence row itself shows the reviewer's stance, and still remembers what the system suggested.
    evidence.refresh_from_db()
    assert (evidence.stance, evidence.suggested_stance) == ("context", "contradicts")


def test_human_evidence_makes_no_label():
    services.evidence_add_external(
        claim_id=EvidenceFactory().claim_id,
        url="https://ministry.example/statement",
        excerpt="The ministry confirmed it.",
        stance="supports",
        actor=reviewer(),
    )
    assert not StanceLabel.objects.exists()


def test_calibration_refits_on_the_latest_decision_per_suggestion_and_takes_effect():
    person = reviewer()
    for i in range(30):  # weak contradictions: reviewers reject them
        services.evidence_decide(evidence_id=suggestion(0.55 + 0.01 * (i % 10)).pk, accept=False, actor=person)
    for i in range(30):  # strong ones: kept
        services.evidence_decide(evidence_id=suggestion(0.9 + 0.001 * i).pk, accept=True, actor=person)
    changed_mind = suggestion(0.6)
    services.evidence_decide(evidence_id=changed_mind.pk, accept=True, actor=person)
    services.evidence_decide(evidence_id=changed_mind.pk, accept=False, actor=person)

    calibration, fit = services.stance_calibrate_from_reviews(defaults=SHIPPED, min_labels=50)
    assert fit.decisions == 61  # the changed mind counts once, as its last decision
    assert 0.64 < calibration.contradicts_threshold <= 0.9
    assert calibration.agreement_after == 1.0 and calibration.agreement_before < 0.6
    assert StanceCalibration.objects.current_thresholds(SHIPPED).contradicts == calibration.contradicts_threshold


def test_calibration_refuses_below_the_minimum_and_stores_nothing():
    services.evidence_decide(evidence_id=suggestion(0.7).pk, accept=True, actor=reviewer())
    with pytest.raises(TooFewDecisionsError, match="Only 1 reviewed suggestions"):
        services.stance_calibrate_from_reviews(defaults=SHIPPED, min_labels=50)
    assert not StanceCalibration.objects.exists()
    assert StanceCalibration.objects.current_thresholds(SHIPPED) == SHIPPED


def test_the_command_explains_a_refusal():
    with pytest.raises(CommandError, match=r"Only 0 reviewed suggestions .* at least 50"):
        call_command("calibrate_from_reviews", stdout=StringIO())


def test_agreement_per_relation_counts_kept_restanced_and_rejected():
    person = reviewer()
    services.evidence_decide(evidence_id=suggestion(0.8).pk, accept=True, actor=person)
    services.evidence_decide(evidence_id=suggestion(0.8).pk, accept=False, actor=person)
    services.evidence_decide(evidence_id=suggestion(0.1, 0.8).pk, accept=True, actor=person, stance="context")
    rows = {row["stance"]: row for row in StanceLabel.objects.agreement_by_relation()}
    assert (rows["contradicts"]["decisions"], rows["contradicts"]["kept"], rows["contradicts"]["rejected"]) == (2, 1, 1)
    assert rows["contradicts"]["agreement"] == 0.5
    assert (rows["supports"]["restanced"], rows["supports"]["agreement"]) == (1, 0.0)
    assert rows["context"]["agreement"] is None
