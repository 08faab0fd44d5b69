"""Re-fitting the stance thresholds on reviewers' decisions."""

from __future__ import annotations

import pytest

from engine.stance.thresholds import (
    ReviewedSuggestion,
    StanceThresholds,
    TooFewDecisionsError,
    agreement,
    fit_thresholds,
)

SHIPPED = StanceThresholds(supports=0.5, contradicts=0.5)


def reviewed(supports: float, contradicts: float, *, accepted: bool, relation: str) -> ReviewedSuggestion:
    probabilities = {"supports": supports, "contradicts": contradicts, "related": max(0.0, 1 - supports - contradicts)}
    return ReviewedSuggestion(
        probabilities=probabilities,
        suggested=SHIPPED.decide(probabilities),
        accepted=accepted,
        reviewer_relation=relation,
    )


def test_reviewers_who_reject_weak_contradictions_raise_the_contradiction_threshold():
    # Contradictions at 0.55-0.65 are rejected, those at 0.85+ kept: the desk wants a higher bar.
    decisions = [reviewed(0.1, 0.55 + 0.01 * (i % 10), accepted=False, relation="contradicts") for i in range(30)]
    decisions += [reviewed(0.05, 0.85 + 0.001 * i, accepted=True, relation="contradicts") for i in range(30)]
    fit = fit_thresholds(decisions, SHIPPED, min_decisions=50)
    assert 0.64 < fit.after.contradicts <= 0.85
    assert fit.agreement_after == 1.0 and fit.agreement_before == 0.5
    assert fit.agreement_after == agreement(fit.after, decisions)  # the vectorised search agrees with the rule


def test_refitting_refuses_below_the_minimum_and_says_how_many_it_needs():
    with pytest.raises(TooFewDecisionsError, match=r"Only 3 reviewed suggestions .* at least 50"):
        fit_thresholds([reviewed(0.9, 0.0, accepted=True, relation="supports")] * 3, SHIPPED, min_decisions=50)


def test_when_every_threshold_agrees_equally_the_current_one_is_kept():
    decisions = [reviewed(0.95, 0.01, accepted=True, relation="supports")] * 60
    assert fit_thresholds(decisions, SHIPPED, min_decisions=50).after == SHIPPED
