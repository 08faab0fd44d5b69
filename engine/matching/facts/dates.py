"""Dates a sentence states: absolute ("March 3, 2025", "3 March", "2025-03-03"), years and relative ones."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from engine.lexicon import MONTH_NUMBERS, REPORTING_VERB_FORMS, WEEKDAYS

# Reports this far apart describe a situation that may have changed, so differing figures are not contradictions.
MAX_REPORT_GAP_DAYS = 90

_MONTH_NAMES = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_DATE_MDY = re.compile(rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE)
_DATE_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\.?(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE
)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_MONTH_YEAR = re.compile(rf"\b(?:in\s+)?({_MONTH_NAMES})\.?\s+(\d{{4}})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in|since|during|of)\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(last|next|this)\s+(year|month|week)\b|\b(yesterday|today)\b", re.IGNORECASE)
_WEEKDAY_ORDER = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
assert frozenset(_WEEKDAY_ORDER) == WEEKDAYS
_WEEKDAY_NAMES = "|".join(_WEEKDAY_ORDER)
# "on Wednesday", "last Friday", "this past Sunday", "Tuesday's attack": news names days of the current week.
_WEEKDAY = re.compile(
    rf"\b(?:(on|last|this past|next|this|since|by|until|from|early|late)\s+)?({_WEEKDAY_NAMES})\b"
    rf"(?!,?\s+(?:\d|(?:{_MONTH_NAMES})\b))",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateMention:
    date: datetime.date
    day_precise: bool
    surface: str
    year_only: bool = False  # "in 2012": usually background history, not when the reported events happened
    # The date of a statement ("police said on Monday", "told reporters on Saturday"): when the text was reported,
    # not when what it reports happened, so it is never compared with another report's event dates.
    reported: bool = False


# Verbs that date a statement when a date follows them: every reporting verb form the attribution reads
# (engine.lexicon), except the -ing forms, plus verbs of handing a statement or figures over.
_STATEMENT_VERBS = sorted(
    {form for form in REPORTING_VERB_FORMS if not form.endswith("ing")} | {"gave", "released", "published", "posted"},
    key=len,
    reverse=True,
)
# A statement verb and, optionally, its addressee, right before a date ("said on", "told reporters on", "gave the
# Ledger on Saturday night", "told The Associated Press late on"). An addressee after an article must be a name ("the
# Ledger", not "the order"). Not passive: "a case was (first) reported on Friday" dates the case.
_REPORTING_BEFORE_DATE = re.compile(
    r"\b(?P<auxiliary>(?:was|were|been|be|being|is|are)\s+(?:\w+ly\s+|first\s+|also\s+|later\s+)?)?"
    rf"(?:{'|'.join(_STATEMENT_VERBS)})"
    r"(?:\s+(?:reporters|journalists|him|her|them|us|(?:the|a|an)\s+[A-Z][\w'\u2019-]*|[A-Z][\w'\u2019.-]*"
    r"(?:\s+[A-Z][\w'\u2019.-]*){0,3}))?"
    r"(?:\s+(?:on|late\s+on|early\s+on|late|early))?\s*$"
)


def _reporting_date(text: str, start: int) -> bool:
    """Whether the date starting at `start` is the date of a statement: it follows a reporting verb, not a passive."""
    match = _REPORTING_BEFORE_DATE.search(text[max(0, start - 80) : start])
    return match is not None and match.group("auxiliary") is None


def date_mentions(text: str, reference: datetime.date | None) -> tuple[list[DateMention], list[tuple[int, int]]]:
    """The dates `text` states and the character spans they take (so figures inside them are not read as counts).

    A date without a year, or a relative one ("last week"), is resolved against `reference`, and skipped without it.
    """
    mentions: list[DateMention] = []
    spans: list[tuple[int, int]] = []

    def add(year: int | None, month: int, day: int | None, match: re.Match[str]) -> None:
        spans.append(match.span())
        if year is None:
            if reference is None:
                return
            year = reference.year
        try:
            value = datetime.date(year, month, day or 1)
        except ValueError:
            return
        mentions.append(
            DateMention(value, day is not None, match.group(0).strip(), reported=_reporting_date(text, match.start()))
        )

    for match in _DATE_ISO.finditer(text):
        add(int(match.group(1)), int(match.group(2)), int(match.group(3)), match)
    for match in _DATE_MDY.finditer(text):
        year = match.group(3)
        add(int(year) if year else None, MONTH_NUMBERS[match.group(1).lower()], int(match.group(2)), match)
    for match in _DATE_DMY.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        year = match.group(3)
        add(int(year) if year else None, MONTH_NUMBERS[match.group(2).lower()], int(match.group(1)), match)
    for match in _DATE_MONTH_YEAR.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        add(int(match.group(2)), MONTH_NUMBERS[match.group(1).lower()], None, match)
    for match in _YEAR.finditer(text):
        if any(start <= match.start(1) < end for start, end in spans):
            continue
        spans.append(match.span(1))
        mentions.append(DateMention(datetime.date(int(match.group(1)), 7, 1), False, match.group(0), year_only=True))
    if reference is not None:
        for match in _RELATIVE.finditer(text):
            spans.append(match.span())
            mentions.append(DateMention(_resolve_relative(match, reference), False, match.group(0)))
        for match in _WEEKDAY.finditer(text):
            if any(start <= match.start(2) < end for start, end in spans):
                continue  # "Wednesday, March 3, 2025": the full date was read already
            spans.append(match.span())
            weekday = resolve_weekday(match.group(2), match.group(1), reference)
            mentions.append(DateMention(weekday, True, match.group(0), reported=_reporting_date(text, match.start())))
    return mentions, spans


def resolve_weekday(weekday: str, modifier: str | None, reference: datetime.date) -> datetime.date:
    """The day a news report means by "<modifier> <weekday>" when published on `reference`.

    "On Wednesday" (or a bare "Wednesday") is the most recent Wednesday on or before the publication date; "last
    Wednesday" the one strictly before it; "next Wednesday" the first one after it. Not dateparser (which reads page
    date lines, engine.extraction.page): with a past preference it takes "on Wednesday" in a Wednesday report for the
    week before, the opposite of how news uses it, and it reads no "last June" or "this past Sunday".
    """
    target = _WEEKDAY_ORDER.index(weekday.lower())
    back = (reference.weekday() - target) % 7
    word = (modifier or "").lower()
    if word == "next" or (word == "this" and back != 0):
        return reference + datetime.timedelta(days=(target - reference.weekday()) % 7 or 7)
    if word == "last" and back == 0:
        back = 7
    return reference - datetime.timedelta(days=back)


def _resolve_relative(match: re.Match[str], reference: datetime.date) -> datetime.date:
    single = (match.group(3) or "").lower()
    if single == "yesterday":
        return reference - datetime.timedelta(days=1)
    if single == "today":
        return reference
    direction = {"last": -1, "next": 1, "this": 0}[match.group(1).lower()]
    unit = match.group(2).lower()
    if unit == "year":
        return datetime.date(reference.year + direction, 7, 1)
    if unit == "month":
        return reference + datetime.timedelta(days=30 * direction)
    return reference + datetime.timedelta(days=7 * direction)


def stated_date(dates: tuple[DateMention, ...]) -> datetime.date | None:
    """The date a text itself states for its events, when it states one with a year."""
    for mention in dates:
        if mention.day_precise:
            return mention.date
    dated = [mention for mention in dates if not mention.year_only]
    return dated[0].date if dated else None
