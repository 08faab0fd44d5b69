"""Claim typing from detected signals: what a fact-checker would need to verify first."""

from __future__ import annotations

from engine.extraction.attribution import Attribution
from engine.extraction.signals import SignalReport
from engine.extraction.types import ClaimKind

# A sentence that is mostly inside quotation marks is first of all a quote, whatever it contains.
_MOSTLY_QUOTED = 0.4


def classify_claim(report: SignalReport) -> ClaimKind:
    if report.quotation and report.quoted_share >= _MOSTLY_QUOTED:
        return ClaimKind.QUOTE
    if report.numbers:
        return ClaimKind.QUANTITY
    if report.causal:
        return ClaimKind.CAUSAL
    if report.prediction and not report.event:
        return ClaimKind.PREDICTION
    if report.event or report.dates:
        return ClaimKind.EVENT
    if report.quotation:
        return ClaimKind.QUOTE
    if report.prediction:
        return ClaimKind.PREDICTION
    return ClaimKind.OTHER


# A fully quoted sentence of a few words is someone's statement even when the speaker is named elsewhere.
_QUOTE_MIN_WORDS = 5
_FULLY_QUOTED = 0.75


def reported_fact(report: SignalReport, attribution: Attribution) -> str | None:
    """Name the news-writing pattern that makes a sentence a checkable report, if any.

    The model learnt check-worthiness from political debates, where these patterns are rare; in news they are
    what a fact-checker verifies first. Each pattern barely moves F1 on the debate data (checked on dev).
    """
    named = bool(report.people or report.organisations or report.places)
    if report.dates and (report.event or report.prediction):
        return "dated event"
    if attribution.speaker:
        return "attributed statement"
    if report.quotation and report.attribution:
        return "attributed quotation"
    if report.event and named:
        return "event with named actors"
    if report.quoted_share >= _FULLY_QUOTED and report.words >= _QUOTE_MIN_WORDS:
        return "direct quotation"
    return None
