from __future__ import annotations

from engine.matching.text.acronyms import find_acronyms
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
