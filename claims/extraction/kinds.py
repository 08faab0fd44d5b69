"""Claim typing from detected signals: what a fact-checker would need to verify first."""

from __future__ import annotations

from claims.extraction.signals import SignalReport
from claims.extraction.types import ClaimKind

# A sentence that is mostly inside quotation marks is first of all a quote, whatever it contains.
_MOSTLY_QUOTED = 0.5


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
