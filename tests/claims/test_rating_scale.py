"""The desk's rating scale: checked at startup with a message naming what is wrong, and used by ClaimReview."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from claims.rating import DEFAULT_RATING_SCALE, problems, rating_scale

ROOT = Path(__file__).resolve().parents[2]


def with_rating(verdict, **rating):
    return scale(ratings={**DEFAULT_RATING_SCALE["ratings"], verdict: rating})


def scale(**changes):
    raw = copy.deepcopy(DEFAULT_RATING_SCALE)
    raw.update(changes)
    return raw


def rating_errors() -> list[checks.CheckMessage]:
    return [m for m in checks.run_checks() if m.id == "claims.E001"]


def test_the_default_scale_is_valid():
    assert problems(DEFAULT_RATING_SCALE) == []
    assert rating_errors() == []
    assert [(r.verdict, r.value, r.label) for r in rating_scale().ratings] == [
        ("supported", 3, "Supported"),
        ("disputed", 1, "Disputed"),
        ("unverified", 2, "Unverified"),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("not json", "is not a valid JSON object"),
        ([1, 2], "must be a mapping"),
        (scale(worstRating=3, bestRating=1), "worstRating (3) must be below bestRating (1)"),
        (scale(bestRating="5"), "bestRating must be a whole number"),
        (scale(colour="red"), "unknown keys ['colour']"),
        (
            scale(ratings={"supported": {"ratingValue": 3, "alternateName": "True"}}),
            "no entry for disputed, unverified",
        ),
        (
            with_rating("misleading", ratingValue=2, alternateName="M"),
            "unknown verdicts ['misleading']",
        ),
        (
            scale(
                ratings={**DEFAULT_RATING_SCALE["ratings"], "disputed": {"ratingValue": 7, "alternateName": "False"}}
            ),
            "ratings['disputed'].ratingValue 7 lies outside worstRating..bestRating (1..3)",
        ),
        (
            with_rating("disputed", ratingValue=1, alternateName=" "),
            "ratings['disputed'].alternateName must be the label readers see",
        ),
        (
            scale(
                ratings={
                    **DEFAULT_RATING_SCALE["ratings"],
                    "disputed": {"ratingValue": 1, "alternateName": "supported"},
                }
            ),
            "is also the label of",
        ),
        (
            with_rating("disputed", value=1, alternateName="False"),
            "unknown keys ['value']",
        ),
    ],
)
def test_a_bad_scale_is_refused_at_startup_with_a_message_naming_the_problem(raw, expected):
    with override_settings(FACTCHECK_RATING_SCALE=raw):
        messages = rating_errors()
        assert any(expected in m.msg for m in messages), [m.msg for m in messages]
        assert all(m.level == checks.ERROR for m in messages)
        with pytest.raises(ImproperlyConfigured, match="FACTCHECK_RATING_SCALE"):
            rating_scale()


def test_a_desk_can_use_its_own_labels_and_numbers():
    own = {
        "worstRating": 1,
        "bestRating": 5,
        "ratings": {
            "disputed": {"ratingValue": 1, "alternateName": "False"},
            "unverified": {"ratingValue": 3, "alternateName": "Unproven"},
            "supported": {"ratingValue": 5, "alternateName": "True"},
        },
    }
    with override_settings(FACTCHECK_RATING_SCALE=own):
        assert rating_errors() == []
        assert rating_scale().review_rating("unverified") == {
            "@type": "Rating",
            "ratingValue": 3,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "Unproven",
        }


def test_manage_py_check_refuses_invalid_json_in_the_environment():
    env = {**os.environ, "FACTCHECK_RATING_SCALE": "{oops", "SECRET_KEY": "x"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "claims.E001" in result.stderr and "is not a valid JSON object: '{oops'" in result.stderr


@pytest.mark.parametrize("template", ["{site}/fact-checks/{id}/", "{site_url}/fact-checks/{}", "{site_url/{id}"])
def test_a_claimreview_url_template_that_cannot_be_filled_in_is_refused(template):
    with override_settings(FACTCHECK_PARTNER_CLAIMREVIEW_URL_TEMPLATE=template):
        (message,) = [m for m in checks.run_checks() if m.id == "claims.E002"]
    assert template in message.msg and "{site_url}" in (message.hint or "")


def test_the_default_claimreview_url_template_is_fine():
    assert [m for m in checks.run_checks() if m.id == "claims.E002"] == []
