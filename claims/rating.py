"""The desk's rating scale: each verdict as the ClaimReview `reviewRating` partners and search engines read.

Configured in `FACTCHECK_RATING_SCALE` (settings, or the environment as JSON), checked at startup by `manage.py
check` (claims.E001, `problems` below) and shown read-only on the admin's claims page. The shape:

    {"worstRating": 1, "bestRating": 3,
     "ratings": {"disputed": {"ratingValue": 1, "alternateName": "Disputed"},
                 "unverified": {"ratingValue": 2, "alternateName": "Unverified"},
                 "supported": {"ratingValue": 3, "alternateName": "Supported"}}}

`alternateName` is the words readers see (a desk may say "False" or "Misleading"); the numbers place it on the
scale from worst to best.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeGuard

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from claims.models import Verdict

DEFAULT_RATING_SCALE: dict[str, Any] = {
    "worstRating": 1,
    "bestRating": 3,
    "ratings": {
        Verdict.DISPUTED.value: {"ratingValue": 1, "alternateName": "Disputed"},
        Verdict.UNVERIFIED.value: {"ratingValue": 2, "alternateName": "Unverified"},
        Verdict.SUPPORTED.value: {"ratingValue": 3, "alternateName": "Supported"},
    },
}
_TOP_KEYS = {"worstRating", "bestRating", "ratings"}
_RATING_KEYS = {"ratingValue", "alternateName"}
MAX_LABEL_LENGTH = 60


@dataclass(frozen=True, slots=True)
class Rating:
    verdict: str
    value: int
    label: str


@dataclass(frozen=True, slots=True)
class RatingScale:
    worst: int
    best: int
    ratings: tuple[Rating, ...]

    def for_verdict(self, verdict: str) -> Rating:
        for rating in self.ratings:
            if rating.verdict == verdict:
                return rating
        raise KeyError(f"No rating for verdict {verdict!r}")

    def review_rating(self, verdict: str) -> dict[str, Any]:
        """ClaimReview's `reviewRating` for a verdict (without `ratingExplanation`)."""
        rating = self.for_verdict(verdict)
        return {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": self.best,
            "worstRating": self.worst,
            "alternateName": rating.label,
        }


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def problems(raw: Any) -> list[str]:
    """Everything wrong with a configured scale, each a sentence naming the key; empty when it is usable."""
    if isinstance(raw, str):
        return [f"is not a valid JSON object: {raw[:80]!r}"]
    if not isinstance(raw, dict):
        return [f"must be a mapping (a JSON object), not {type(raw).__name__}"]
    found: list[str] = []
    if unknown := sorted(set(raw) - _TOP_KEYS):
        found.append(f"has unknown keys {unknown}; the keys are worstRating, bestRating and ratings")
    worst, best = raw.get("worstRating"), raw.get("bestRating")
    for key, value in (("worstRating", worst), ("bestRating", best)):
        if not _is_int(value):
            found.append(f"{key} must be a whole number, not {value!r}")
    if _is_int(worst) and _is_int(best) and worst >= best:
        found.append(f"worstRating ({worst}) must be below bestRating ({best})")
    ratings = raw.get("ratings")
    if not isinstance(ratings, dict):
        found.append("ratings must map each verdict (supported, disputed, unverified) to its rating")
        return found
    if missing := [v for v in Verdict.values if v not in ratings]:
        found.append(f"ratings has no entry for {', '.join(missing)}: every verdict needs one")
    if unknown := sorted(set(ratings) - set(Verdict.values)):
        found.append(f"ratings names unknown verdicts {unknown}; the desk's verdicts are {', '.join(Verdict.values)}")
    labels: dict[str, str] = {}
    for verdict, rating in ratings.items():
        where = f"ratings[{verdict!r}]"
        if not isinstance(rating, dict):
            found.append(f"{where} must be a mapping with ratingValue and alternateName")
            continue
        if unknown := sorted(set(rating) - _RATING_KEYS):
            found.append(f"{where} has unknown keys {unknown}; the keys are ratingValue and alternateName")
        value, label = rating.get("ratingValue"), rating.get("alternateName")
        if not _is_int(value):
            found.append(f"{where}.ratingValue must be a whole number, not {value!r}")
        elif _is_int(worst) and _is_int(best) and worst < best and not worst <= value <= best:
            found.append(f"{where}.ratingValue {value} lies outside worstRating..bestRating ({worst}..{best})")
        if not isinstance(label, str) or not label.strip():
            found.append(f"{where}.alternateName must be the label readers see, a non-empty text")
        elif len(label) > MAX_LABEL_LENGTH:
            found.append(f"{where}.alternateName is longer than {MAX_LABEL_LENGTH} characters")
        elif label.strip().casefold() in labels:
            found.append(f"{where}.alternateName {label!r} is also the label of {labels[label.strip().casefold()]!r}")
        else:
            labels[label.strip().casefold()] = verdict
    return found


def configured_scale() -> Any:
    return getattr(settings, "FACTCHECK_RATING_SCALE", DEFAULT_RATING_SCALE)


def rating_scale() -> RatingScale:
    """The configured scale; ImproperlyConfigured (with every problem) when `manage.py check` would refuse it."""
    raw = configured_scale()
    if found := problems(raw):
        raise ImproperlyConfigured("FACTCHECK_RATING_SCALE " + "; ".join(found))
    ratings = tuple(
        Rating(
            verdict=verdict,
            value=raw["ratings"][verdict]["ratingValue"],
            label=raw["ratings"][verdict]["alternateName"].strip(),
        )
        for verdict in Verdict.values
    )
    return RatingScale(worst=raw["worstRating"], best=raw["bestRating"], ratings=ratings)
