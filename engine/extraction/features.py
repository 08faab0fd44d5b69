"""The signal report as model features: hand-crafted, on comparable scales, in a fixed order the weights record."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from engine.extraction.signals import SignalReport

FEATURE_NAMES: tuple[str, ...] = (
    "has_number",
    "number_count",
    "has_date",
    "has_person",
    "has_organisation",
    "has_place",
    "has_attribution",
    "quotation",
    "quoted_share",
    "has_comparison",
    "has_causal",
    "has_hedging",
    "has_opinion",
    "has_prediction",
    "has_event",
    "first_person",
    "second_person",
    "negation",
    "question",
    "log_words",
    "short",
    "long",
)


def feature_vector(report: SignalReport) -> npt.NDArray[np.float32]:
    """Hand-crafted features on comparable scales (0-1 or small counts) for the linear model."""
    return np.array(
        [
            bool(report.numbers),
            min(len(report.numbers), 3) / 3,
            bool(report.dates),
            bool(report.people),
            bool(report.organisations),
            bool(report.places),
            bool(report.attribution),
            report.quotation,
            report.quoted_share,
            bool(report.comparison),
            bool(report.causal),
            bool(report.hedging),
            bool(report.opinion),
            bool(report.prediction),
            bool(report.event),
            min(report.first_person, 3) / 3,
            min(report.second_person, 3) / 3,
            min(report.negation, 3) / 3,
            report.question,
            np.log1p(report.words) / 4,
            report.words < 6,
            report.words > 40,
        ],
        dtype=np.float32,
    )
