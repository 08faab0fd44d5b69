"""judge_pair on single sentence pairs, with the real MiniLM model."""

from __future__ import annotations

import datetime

import pytest

from engine.matching import Relation, judge_pair

pytestmark = pytest.mark.slow


def test_it_flags_no_injuries_against_three_guards_hurt() -> None:
    judgement = judge_pair(
        "Three guards were hurt in the attack on the checkpoint.",
        "No injuries were reported in the attack on the checkpoint.",
    )
    assert judgement.relation == Relation.CONTRADICTS
    assert judgement.same_fact
    assert [d.as_dict() for d in judgement.differences] == [
        {"slot": "negation", "claim_value": "Three guards were hurt", "passage_value": "No injuries"}
    ]


def test_it_flags_an_undamaged_bridge_against_a_collapsed_one() -> None:
    judgement = judge_pair(
        "The bridge was undamaged by the blast, officials said.",
        "The bridge collapsed after the blast, officials said.",
    )
    assert judgement.relation == Relation.CONTRADICTS
    assert [(d.slot, d.claim_value, d.passage_value) for d in judgement.differences] == [
        ("outcome", "undamaged", "collapsed")
    ]


def test_it_flags_a_conflicting_death_toll_with_both_values() -> None:
    judgement = judge_pair(
        "Five police officers were killed in the attack.", "Eight police officers were killed in the attack."
    )
    assert judgement.relation == Relation.CONTRADICTS
    assert judgement.differences[0].slot == "number"
    assert "Five" in judgement.differences[0].claim_value
    assert "Eight" in judgement.differences[0].passage_value


def test_it_matches_kiev_with_kyiv() -> None:
    judgement = judge_pair(
        "Russian missiles struck Kyiv overnight, killing two people.",
        "Two people were killed when Russian missiles hit Kiev overnight.",
    )
    assert judgement.relation == Relation.SUPPORTS
    assert judgement.similarity > 0.7


def test_it_matches_spelling_variants_of_al_shabaab() -> None:
    judgement = judge_pair(
        "Al-Shabaab claimed responsibility for the hotel attack in Mogadishu.",
        "Al-Shabab said it was behind the attack on the Mogadishu hotel.",
    )
    assert judgement.relation == Relation.SUPPORTS


def test_it_reads_an_acronym_defined_in_the_claim() -> None:
    judgement = judge_pair(
        "The Rapid Support Forces (RSF) shelled El Fasher on Monday, killing 12 civilians.",
        "RSF shelling killed 12 civilians in El Fasher on Monday.",
    )
    assert judgement.relation == Relation.SUPPORTS


def test_it_does_not_call_a_changed_figure_a_contradiction_months_later() -> None:
    judgement = judge_pair(
        "Five police officers were killed in the attack.",
        "Eight police officers were killed in the attack.",
        date_a=datetime.date(2025, 3, 3),
        date_b=datetime.date(2024, 1, 3),
    )
    assert judgement.earlier_report
    assert judgement.relation == Relation.RELATED
    assert judgement.differences  # the values still differ, and the reviewer sees them


def test_it_resolves_report_dates_stated_in_the_text() -> None:
    judgement = judge_pair(
        "On March 3, 2024, five people were killed in a blast in Kismayo.",
        "On March 5, 2025, eight people were killed in a blast in Kismayo.",
    )
    assert judgement.earlier_report
    assert judgement.relation == Relation.RELATED


def test_it_keeps_supports_for_an_older_report_that_agrees() -> None:
    judgement = judge_pair(
        "Five police officers were killed in the attack.",
        "Five police officers died in the attack.",
        date_a=datetime.date(2025, 3, 3),
        date_b=datetime.date(2024, 1, 3),
    )
    assert judgement.relation == Relation.SUPPORTS
    assert judgement.earlier_report


def test_it_flags_a_denial() -> None:
    judgement = judge_pair(
        "The minister resigned on Friday after the scandal.", "The minister did not resign on Friday after the scandal."
    )
    assert judgement.relation == Relation.CONTRADICTS
    assert judgement.differences[0].slot == "negation"


def test_it_makes_no_suggestion_for_unrelated_sentences() -> None:
    judgement = judge_pair(
        "The central bank raised interest rates by half a point.", "Three guards were hurt in the attack."
    )
    assert judgement.relation is None
    assert not judgement.same_fact
    assert 0.0 <= judgement.similarity < 0.2


def test_similarity_is_a_probability() -> None:
    judgement = judge_pair("A plane is taking off.", "An air plane is taking off.")
    assert 0.0 <= judgement.similarity <= 1.0
