"""Time between two reports: a later figure is an update, a report about another time is an earlier report.

Neither is a contradiction. "The death toll rose to 16 on Monday" does not contradict Friday's "at least 14 people
were killed": the count moved. "The group held the town in 2015" does not contradict "the group abandoned the
town" reported a year later: the facts belong to different times. Nor does "officials have not yet confirmed his
death" clash with a report that they have: a state expected to change moved on (an update). A reviewer still sees
both, marked as such.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from engine.matching.facts.extract import Facts, text_date
from engine.matching.types import Difference, Slot

# Two reports further apart than this are about different times, whatever their wording.
DIFFERENT_TIME_DAYS = 90
# Within this many days, reports are taken to describe one event, and a changed running count is an update.
SAME_STORY_DAYS = 30

# Share of content words two texts must share to be one statement whose date is disputed, not two statements.
SAME_STATEMENT_OVERLAP = 0.6
# Wording that presents a figure as the latest state of a running count.
_UPDATE_WORDING = re.compile(
    r"\b(?:rose|risen|rising|climbed|climbing|increased|jumped|grew|mounted|swelled|reached|"
    r"fell|dropped|declined|revised|updated|raised|lowered|now\s+(?:stands?|stood|at|is|are|totals?)|"
    r"has\s+(?:risen|climbed|increased|reached|grown)|had\s+(?:risen|climbed|increased|reached)|"
    r"so\s+far|to\s+date|latest|new\s+(?:toll|figures?|count)|later)\b",
    re.IGNORECASE,
)
# Counts that only grow or get revised as a story develops: a different value is news, not a clash.
_RUNNING_COUNTS = re.compile(
    r"\b(?:toll|dead|deaths?|died|killed|injured|injuries|wounded|hurt|casualt(?:y|ies)|victims?|missing|"
    r"cases?|infect(?:ed|ions?)|arrest(?:ed|s)?|detained|evacuated|displaced|survivors?|rescued|bodies)\b",
    re.IGNORECASE,
)

# A state expected to change: "have not yet confirmed", "is yet to be identified", "still not found". A report that it
# has since happened is an update, not a clash.
_PENDING = re.compile(
    r"\b(?:not|n[o']t|never)\s+(?:\w+\s+)?yet\b|\byet\s+to\b|\bstill\s+(?:not|no|\w+n't)\b", re.IGNORECASE
)


class TimeRelation(StrEnum):
    UPDATE = "update"  # the later report moves a running figure on
    DIFFERENT_TIME = "different_time"  # the reports describe different times


@dataclass(frozen=True, slots=True)
class ReportTime:
    """When a text's facts happened, as far as can be told: the date it states, else its publication date."""

    published: datetime.date | None
    stated: datetime.date | None

    @property
    def best(self) -> datetime.date | None:
        return self.stated or self.published


def report_time(facts: Facts, published: datetime.date | None) -> ReportTime:
    return ReportTime(published=published, stated=text_date(facts))


def time_relation(
    claim: Facts,
    passage: Facts,
    claim_time: ReportTime,
    passage_time: ReportTime,
    differences: Sequence[Difference],
) -> TimeRelation | None:
    """Whether what differs between the claim and the passage is explained by time (None: it is not)."""
    gap = _gap_days(claim_time, passage_time)
    if gap is not None and abs(gap) > DIFFERENT_TIME_DAYS:
        return TimeRelation.DIFFERENT_TIME
    # Two texts that each state when their facts happened, far apart, are about different times even when
    # published the same day ("held the town in 2015" against "abandoned it in 2016"), unless the date is the
    # very value they dispute ("founded in 2009" against "founded in 2011" is a contradiction).
    date_is_disputed = (
        all(difference.slot == Slot.DATE for difference in differences)
        if differences
        else _same_statement(claim, passage)
    )
    # Stated dates count only where a publication date is unknown: with both known, a stated date is usually
    # background ("closed to trucks since Jan. 2025") rather than when the reported facts happened.
    publication_unknown = claim_time.published is None or passage_time.published is None
    stated_apart = (
        publication_unknown
        and claim_time.stated is not None
        and passage_time.stated is not None
        and abs((passage_time.stated - claim_time.stated).days) > DIFFERENT_TIME_DAYS
    )
    if stated_apart and not date_is_disputed:
        return TimeRelation.DIFFERENT_TIME
    if _pending_state_moved_on(claim, passage, differences, gap):
        return TimeRelation.UPDATE
    if not _running_count_moved(claim, passage, differences):
        return None
    if gap is not None and abs(gap) > SAME_STORY_DAYS:
        return TimeRelation.DIFFERENT_TIME
    later = passage if (gap or 0) > 0 else claim if (gap or 0) < 0 else None
    # The later report's own wording ("rose to 16") marks the update; with no dates, either text may carry it.
    texts = [later.text] if later is not None else [claim.text, passage.text]
    if any(_UPDATE_WORDING.search(text) for text in texts) or (gap is not None and gap != 0):
        return TimeRelation.UPDATE
    return None


def _pending_state_moved_on(claim: Facts, passage: Facts, differences: Sequence[Difference], gap: int | None) -> bool:
    """One text says something has not happened yet, the other that it has, and nothing else differs: the second is
    the first's update, unless the dates show the "not yet" report came later (a confirmation withdrawn)."""
    if not differences or any(difference.slot not in (Slot.NEGATION, Slot.OUTCOME) for difference in differences):
        return False
    claim_pending, passage_pending = bool(_PENDING.search(claim.text)), bool(_PENDING.search(passage.text))
    if claim_pending == passage_pending:
        return False
    pending_is_later = gap is not None and ((gap > 0) if passage_pending else (gap < 0))
    return not pending_is_later


def _same_statement(claim: Facts, passage: Facts) -> bool:
    """The two texts say the same thing in nearly the same words, dates aside ("founded in 2009" / "in 2011")."""
    claim_words = {word for word in claim.content if not word.isdigit()}
    passage_words = {word for word in passage.content if not word.isdigit()}
    union = claim_words | passage_words
    return bool(union) and len(claim_words & passage_words) / len(union) >= SAME_STATEMENT_OVERLAP


def _running_count_moved(claim: Facts, passage: Facts, differences: Sequence[Difference]) -> bool:
    """Both texts give a running count (a toll, cases, arrests) with different figures, and nothing else clashes."""
    if any(difference.slot != Slot.NUMBER for difference in differences):
        return False
    if not (_RUNNING_COUNTS.search(claim.text) and _RUNNING_COUNTS.search(passage.text)):
        return False
    claim_values = {number.value for number in claim.numbers}
    passage_values = {number.value for number in passage.numbers}
    return bool(claim_values) and bool(passage_values) and claim_values != passage_values


def _gap_days(claim_time: ReportTime, passage_time: ReportTime) -> int | None:
    """Days from the claim's report to the passage's (positive: the passage is later); None when unknown."""
    # Publication dates are compared when both are known: stated dates are often background ("in 2012 ...").
    if claim_time.published is not None and passage_time.published is not None:
        return (passage_time.published - claim_time.published).days
    claim_date, passage_date = claim_time.best, passage_time.best
    if claim_date is None or passage_date is None:
        return None
    return (passage_date - claim_date).days
