"""Time explains some clashes between reports: updates to a running count, and reports about other times."""

from __future__ import annotations

import datetime as dt

from engine.matching.facts.differences import find_differences
from engine.matching.facts.extract import extract_facts
from engine.stance.timing import TimeRelation, report_time, time_relation

FRIDAY, MONDAY = dt.date(2025, 3, 7), dt.date(2025, 3, 10)


def relation(claim: str, passage: str, claim_date: dt.date | None, passage_date: dt.date | None) -> TimeRelation | None:
    claim_facts, passage_facts = extract_facts(claim, claim_date), extract_facts(passage, passage_date)
    differences = find_differences(claim_facts, passage_facts, same_topic=True)
    return time_relation(
        claim_facts,
        passage_facts,
        report_time(claim_facts, claim_date),
        report_time(passage_facts, passage_date),
        differences,
    )


def test_a_later_report_that_raises_the_toll_is_an_update_not_a_contradiction():
    assert relation("At least 14 people were killed.", "The death toll rose to 16.", FRIDAY, MONDAY) == "update"


def test_an_earlier_figure_under_a_claim_that_says_the_toll_rose_is_an_update_too():
    assert relation("The death toll rose to 16.", "Fourteen people were killed.", MONDAY, FRIDAY) == "update"


def test_update_wording_marks_an_update_when_no_dates_are_known():
    assert relation("Fourteen people were killed.", "The toll has risen to 16.", None, None) == "update"


def test_two_counts_of_the_dead_on_the_same_day_without_update_wording_stay_a_clash():
    assert relation("Fourteen people were killed.", "Sixteen people were killed.", FRIDAY, FRIDAY) is None


def test_reports_a_year_apart_are_about_different_times():
    assert (
        relation("Rebels held the town.", "Rebels abandoned the town.", dt.date(2015, 5, 1), dt.date(2016, 6, 1))
        == "different_time"
    )


def test_a_disputed_founding_year_is_not_explained_away_as_another_time():
    assert relation("The company was founded in 2009.", "The company was founded in 2011.", None, None) is None


def test_a_clash_that_is_not_a_running_count_is_not_explained_by_time():
    assert relation("No injuries were reported.", "Three guards were hurt.", FRIDAY, MONDAY) is None


def test_a_report_that_a_pending_confirmation_came_is_an_update():
    # The Godane strike coverage (FNC-1 bodies, multi-outlet train split), dates unknown and in order.
    pending = "U.S. officials have not yet confirmed Godane is among the dead"
    confirmed = "The Pentagon's press secretary, Rear Adm. John Kirby, confirmed the death in a written statement."
    assert relation(pending, confirmed, None, None) == "update"
    assert relation(pending, confirmed, FRIDAY, MONDAY) == "update"


def test_a_not_yet_report_after_the_confirmation_is_still_a_clash():
    pending = "U.S. officials have not yet confirmed Godane is among the dead"
    confirmed = "The Pentagon's press secretary, Rear Adm. John Kirby, confirmed the death in a written statement."
    # The "not yet" report is the later one: a confirmation withdrawn, not a state that moved on.
    assert relation(pending, confirmed, MONDAY, FRIDAY) is None
