"""When a claim says its event happened, resolved against the article's publication date.

"On Wednesday", "yesterday", "last June" only mean a date once the reader knows when the report was published;
a claim keeps the resolved date so a desk can compare it with other reports of the same event.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from engine.lexicon import MONTH_NUMBERS
from engine.matching.facts.dates import date_mentions

_MONTH_NAMES = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
# "last June", "in June", "this June": a month without a year is the latest such month of the report's year.
_MONTH_ALONE = re.compile(
    rf"\b(last|this past|in|this|since|during|early|late|mid-?)\s*({_MONTH_NAMES})\b(?![.\s]*\d)", re.IGNORECASE
)


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class EventDate:
    date: datetime.date
    precision: Precision
    surface: str


def resolve_event_date(sentence: str, published: datetime.date | None) -> EventDate | None:
    """The date `sentence` states for its event: the first precise day, else a month, else a year, else None.

    A relative date ("on Wednesday", "yesterday", "last June") needs `published`; without it only absolute dates
    ("March 3, 2025") resolve.
    """
    mentions, _ = date_mentions(sentence, published)
    days = [mention for mention in mentions if mention.day_precise]
    if days:
        first = min(days, key=lambda mention: sentence.find(mention.surface))
        return EventDate(first.date, Precision.DAY, first.surface)
    month = _month_alone(sentence, published)
    if month is not None:
        return month
    dated = [mention for mention in mentions if not mention.year_only]
    if dated:
        return EventDate(dated[0].date, Precision.MONTH, dated[0].surface)
    years = [mention for mention in mentions if mention.year_only]
    if years:
        return EventDate(years[0].date, Precision.YEAR, years[0].surface)
    return None


def _month_alone(sentence: str, published: datetime.date | None) -> EventDate | None:
    if published is None:
        return None
    match = _MONTH_ALONE.search(sentence)
    if match is None or (match.group(2).lower() == "may" and match.group(1).lower() != "last"):
        return None  # "in may" is usually the verb
    month = MONTH_NUMBERS[match.group(2).lower()]
    word = match.group(1).lower()
    year = published.year
    # "last June" is the latest June before the report (a year back from a June report); "in June" without a
    # year is the report's own year, past or coming.
    if word in {"last", "this past"} and month >= published.month:
        year -= 1
    return EventDate(datetime.date(year, month, 1), Precision.MONTH, match.group(0))
