from __future__ import annotations

from engine.matching.text.acronyms import find_acronyms, spell_out
from engine.matching.text.spelling import fuzzy_overlap, tokens_match
from engine.matching.text.tokens import content_tokens, fold


def test_it_folds_diacritics_and_hyphenated_names() -> None:
    assert fold("Al-Shabaab in Bosnië") == "alshabaab in bosnie"


def test_it_treats_transliterations_of_one_name_as_equal() -> None:
    assert content_tokens("Kiev") == content_tokens("Kyiv")
    assert tokens_match("alshabaab", "alshabab")
    assert content_tokens("Gaddafi") == content_tokens("Qaddafi")
    assert fuzzy_overlap({"kismayo", "bridge"}, {"kismaayo", "bridge"}) == 2


def test_it_does_not_fuzz_short_words_or_numbers() -> None:
    assert not tokens_match("cat", "car")
    assert not tokens_match("2019", "2018")


def test_it_reads_an_acronym_defined_in_the_text() -> None:
    assert find_acronyms("Shelling by the Rapid Support Forces (RSF) killed 12.") == {"rsf": "rapid support forces"}
    assert find_acronyms("the Democratic Republic of the Congo (DRC)") == {"drc": "democratic republic of the congo"}


def test_it_ignores_a_parenthesis_that_does_not_spell_the_acronym() -> None:
    assert find_acronyms("Officials at the Health Ministry (WHO) said") == {}


def test_number_words_and_digits_agree() -> None:
    assert content_tokens("three guards") == content_tokens("3 guards")


def test_defined_acronyms_are_spelled_out_for_the_stance_model_but_definitions_stay_as_written() -> None:
    defining = "Fighters of the Rapid Support Forces (RSF) attacked the town. The RSF denied it."
    acronyms = find_acronyms(defining)
    assert spell_out(defining, acronyms) == (
        "Fighters of the Rapid Support Forces (RSF) attacked the town. The rapid support forces denied it."
    )
    assert spell_out("RSF fighters killed 20 people.", acronyms) == "rapid support forces fighters killed 20 people."
    # A capitalised ordinary word that happens to fold to an acronym is left alone.
    assert spell_out("Rsf said nothing.", acronyms) == "Rsf said nothing."
    assert spell_out("The UN said 20 died.", {}) == "The UN said 20 died."
