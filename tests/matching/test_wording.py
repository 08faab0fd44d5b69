"""What changed between two near-copies: fact-changing spans are named, rewording is not."""

from __future__ import annotations

from engine.matching.facts.wording import changed_spans, substantive_differences, unit_swapped
from engine.matching.types import Slot

# A real pair from two outlets (FNC-1 bodies, in the multi-outlet dev set): one figure's unit changed.
MINUTES = (
    "However, doctors were afraid he would have suffered some brain damage from the incident, but he woke up less "
    "than 48 minutes later and seems to have perfectly recovered."
)
HOURS = (
    "The doctors were afraid he would have suffered some brain damage from the incident, but he woke up less than "
    "48 hours later and seems to have perfectly recovered."
)


def test_a_changed_unit_is_named_with_its_figure() -> None:
    [difference] = substantive_differences(MINUTES, HOURS)
    assert (difference.slot, difference.claim_value, difference.passage_value) == (
        Slot.NUMBER,
        "48 minutes",
        "48 hours",
    )


def test_a_kept_figure_with_another_unit_is_a_unit_swap() -> None:
    assert unit_swapped(MINUTES, HOURS)


def test_a_unit_spelled_another_way_or_a_changed_figure_is_not_a_unit_swap() -> None:
    assert not unit_swapped("The crater was 5 metres deep.", "The crater was 5 meters deep.")
    assert not unit_swapped("The crater was 12 kilometres away.", "The crater was 12 km away.")
    # A running count that moved on changes the figure, not its unit: an update or a clash for the model to weigh.
    assert not unit_swapped("Trading was halted for 48 minutes.", "Trading was halted for 50 minutes.")


def test_a_unit_spelled_another_way_is_no_difference_at_all() -> None:
    # Two outlets' copies of one wire sentence (multi-outlet dev set): the spelling was the only figure-side change,
    # and it was shown as a changed figure, a false "Contradicts" on the review page.
    british = "The asteroid was estimated by astronomers to be about 20 metres big, or the size of a house."
    american = "The asteroid was estimated by astronomers to be about 20 meters big, or the size of a house."
    assert changed_spans(british, american) == []
    assert substantive_differences("It weighed 3 kilograms.", "It weighed 3 kg.") == []


def test_rewording_and_attribution_are_not_differences() -> None:
    wire = "At least 14 people were killed when the bridge collapsed on Friday, officials said."
    rewrite = "At least 14 people died when the bridge collapsed on Friday, police said."
    assert len(changed_spans(wire, rewrite)) == 2
    assert substantive_differences(wire, rewrite) == []


def test_an_added_detail_is_not_a_clash_but_an_added_negation_is() -> None:
    assert substantive_differences("The minister resigned.", "The minister resigned on Friday after 12 years.") == []
    [negation] = substantive_differences("The minister is resigning.", "The minister is not resigning.")
    assert negation.slot == Slot.NEGATION


def test_a_swapped_name_is_an_actor_difference() -> None:
    [swap] = substantive_differences("The bridge in Lorvan was swept away.", "The bridge in Calder was washed away.")
    assert (swap.slot, swap.claim_value, swap.passage_value) == (Slot.ACTOR, "Lorvan", "Calder")


def test_a_figure_written_in_words_or_digits_and_moved_attribution_are_the_same_fact() -> None:
    wire = (
        "Eleven of the injured were still in serious condition at St. Aldric Hospital, CEMA director Henrik Saal said."
    )
    rewrite = "CEMA director Henrik Saal said 11 of the injured were in serious condition at St. Aldric Hospital."
    assert substantive_differences(wire, rewrite) == []


def test_a_negation_inside_a_reworded_clause_is_not_a_clash() -> None:
    wire = "More rain is forecast for Sunday, and CEMA has urged residents not to return to evacuated homes."
    rewrite = "More rain is forecast for Sunday, and CEMA has urged evacuated residents to stay away from their homes."
    assert substantive_differences(wire, rewrite) == []


def test_a_denial_verb_put_into_a_copy_is_a_negation() -> None:
    # Emergent: a rumour and an outlet's headline that copies it with "denies" put in.
    claim = "North Korea plans to open a restaurant in Scotland"
    headline = "North Korea denies plans to open a restaurant in Scotland"
    [difference] = substantive_differences(claim, headline)
    assert (difference.slot, difference.claim_value, difference.passage_value) == (Slot.NEGATION, "(absent)", "denies")


def test_a_name_and_its_adjective_or_a_closing_quote_are_no_differences() -> None:
    # Two outlets copying one headline (FNC-1, multi-outlet train split).
    korean = "North Korean dictator Kim Jong-Un to open restaurant in Scotland"
    korea = "North Korea dictator Kim Jong-Un to open restaurant in Scotland"
    assert substantive_differences(korean, korea) == []
    assert substantive_differences("It was created on August 9th.", "It was created on August 9th.'") == []


def test_two_given_names_that_share_a_start_stay_two_names() -> None:
    paul, paula = "Police said Paul Smith was arrested.", "Police said Paula Smith was arrested."
    [difference] = substantive_differences(paul, paula)
    assert difference.slot == Slot.ACTOR


def test_a_fake_news_label_put_on_a_copy_negates_it() -> None:
    # Emergent train: the headline is the claim word for word under a label that calls its source fake.
    claim = "McDonald's will stop serving overweight customers"
    labelled = "Fake-News: McDonald's Will Stop Serving Overweight Customers"
    assert [(span.passage_text, span.slot) for span in changed_spans(claim, labelled)] == [("Fake-News", Slot.NEGATION)]
    # A hyphenated word that is no verdict on a source changes nothing.
    assert [span.slot for span in changed_spans(claim, "Must-Read: " + claim)] == [None]
