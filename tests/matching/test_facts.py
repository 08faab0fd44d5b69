from __future__ import annotations

import datetime

from engine.matching.facts import extract_facts, find_differences, text_date


def differences(claim: str, passage: str) -> list[tuple[str, str, str]]:
    found = find_differences(extract_facts(claim), extract_facts(passage), same_topic=True)
    return [(d.slot, d.claim_value, d.passage_value) for d in found]


def test_it_flags_no_injuries_against_three_guards_hurt() -> None:
    assert differences("Three guards were hurt in the attack.", "No injuries were reported.") == [
        ("negation", "Three guards were hurt", "No injuries")
    ]


def test_a_group_said_to_be_unhurt_clashes_only_with_a_count_of_that_group() -> None:
    unhurt = "No rescue workers were hurt during the overnight search, police said."
    assert differences(unhurt, "Two rescue workers were hurt during the overnight search, Ortiz said.") == [
        ("negation", "No rescue workers were hurt", "Two rescue workers were hurt")
    ]
    # The flood's 37 injured are not the rescue workers: no clash to show (the demo corpus showed one).
    assert differences(unhurt, "14 dead and 37 injured; about 1,200 residents were evacuated.") == []


def test_it_flags_an_undamaged_bridge_against_a_collapsed_one() -> None:
    assert differences("The bridge was undamaged.", "The bridge collapsed.") == [("outcome", "undamaged", "collapsed")]


def test_it_reads_not_damaged_as_undamaged() -> None:
    assert differences("The bridge was undamaged.", "The bridge was not damaged, officials said.") == []


def test_one_measurement_in_two_units_is_not_a_difference() -> None:
    # Real wording from two outlets (multi-outlet dev set): a printed conversion is rounded ("12m (40ft)").
    crater = "Residents heard a loud bang; the impact left a crater 12m (40ft) wide and 5m deep."
    assert differences(crater, "The crater it left was 40 feet wide.") == []
    assert differences(crater, "It left a crater 12 metres wide.") == []
    iguala = "The students attended a college in Iguala, some 200km (125 miles) south of Mexico City."
    assert differences(iguala, "Pits had been found outside Iguala, 125 miles south of Mexico City.") == []


def test_a_measurement_that_differs_after_conversion_is_a_difference() -> None:
    assert differences("The impact left a crater 40 feet wide.", "The impact left a crater 20 metres wide.") == [
        ("number", "40 feet wide", "20 metres wide")
    ]
    iguala = "The students attended a college in Iguala, some 200km (125 miles) south of Mexico City."
    assert ("number", "125 miles", "about 80 miles south of") in differences(
        iguala, "Parents tried to reach the graves near Iguala, about 80 miles south of Mexico City."
    )


def test_money_written_with_m_is_not_read_as_metres() -> None:
    assert differences("The club paid $12m for the striker.", "The club paid $40 million for the striker.") == [
        ("number", "12m for the striker", "40 million for the striker")
    ]


def test_it_flags_a_different_death_toll() -> None:
    assert differences("Five police officers were killed.", "Eight police officers were killed on Monday.") == [
        ("number", "Five police officers were killed", "Eight police officers were killed")
    ]


def test_it_accepts_a_hedged_figure_close_to_an_exact_one() -> None:
    assert differences("At least 40 people died in the floods.", "The floods killed 43 people.") == []


def test_it_does_not_compare_deaths_with_injuries() -> None:
    assert differences("Five people were killed.", "Three people were injured.") == []


def test_it_flags_a_negated_statement() -> None:
    assert differences("The minister resigned on Friday.", "The minister did not resign on Friday.") == [
        ("negation", "resigned", "not resign on")
    ]


def test_it_flags_a_different_actor_for_the_same_action() -> None:
    assert differences(
        "Al-Shabaab claimed responsibility for the attack.",
        "The Islamic State group claimed responsibility for the attack.",
    ) == [("actor", "Al-Shabaab", "Islamic State")]


def test_it_flags_a_different_day_of_the_same_event() -> None:
    assert differences("The vote took place on March 3, 2025.", "The vote took place on March 5, 2025.") == [
        ("date", "March 3, 2025", "March 5, 2025")
    ]


def test_it_reads_money_and_percent_as_different_slots() -> None:
    assert differences("Sales rose 5% to $20 million.", "Sales rose 5% to $20 million last quarter.") == []
    assert differences("Inflation was 3 percent.", "Inflation was 4 percent.") == [("number", "3 percent", "4 percent")]


def test_a_background_year_is_not_taken_as_the_report_date() -> None:
    assert text_date(extract_facts("The militants were pushed out of Kismayo in 2012.")) is None
    assert text_date(extract_facts("Gunmen attacked on March 3, 2025.")) == datetime.date(2025, 3, 3)


def test_last_year_resolves_against_the_publication_date() -> None:
    facts = extract_facts("Last year the bridge was closed.", datetime.date(2026, 3, 14))
    assert text_date(facts) == datetime.date(2025, 7, 1)


def test_the_date_of_a_statement_is_not_compared_with_the_date_of_the_event() -> None:
    # The demo corpus showed "Date: on Saturday / on Friday" here: Saturday is when the agency gave its figures.
    published = datetime.date(2026, 3, 14)
    figures = "Fourteen people are confirmed dead, according to figures the agency gave the Ledger on Saturday night."
    collapse = "At least 14 people died when the bridge collapsed on Friday."
    found = find_differences(extract_facts(figures, published), extract_facts(collapse, published), same_topic=True)
    assert [d.slot for d in found] == []
    # Told to a named outlet on a full date: the same.
    told = "The minister told The Associated Press on March 5, 2025 that gunmen had attacked."
    assert differences(told, "Gunmen attacked on March 3, 2025.") == []


def test_an_event_date_next_to_a_reporting_verb_is_still_compared() -> None:
    # The date belongs to the attack ("said the attack happened on"), or to a passive report of the event itself.
    assert differences("Police said the attack happened on March 3, 2025.", "Gunmen attacked on March 5, 2025.") == [
        ("date", "March 3, 2025", "March 5, 2025")
    ]
    assert differences("The first case was reported on March 3, 2025.", "The first case came on March 5, 2025.") == [
        ("date", "March 3, 2025", "March 5, 2025")
    ]
    assert differences("The case was first reported on March 3, 2025.", "The first case came on March 5, 2025.") == [
        ("date", "March 3, 2025", "March 5, 2025")
    ]
    # An order is an event, not a statement to someone: only a named addressee follows "gave the".
    assert differences("The general gave the order on March 3, 2025.", "The order came on March 5, 2025.") == [
        ("date", "March 3, 2025", "March 5, 2025")
    ]


def test_a_split_abbreviation_is_no_place() -> None:
    # "Killed in U.S. Strike": the letter left of "U.S." is not a place to set against "Somalia" or "US".
    assert extract_facts("Terror Leader Ahmed Abdi Godane Killed in U.S. Strike").places == ()
    assert (
        differences(
            "Terror Leader Ahmed Abdi Godane Killed in U.S. Strike",
            "Somalia Shebab chief Ahmed Abdi Godane likely killed in US strike in Somalia",
        )
        == []
    )
