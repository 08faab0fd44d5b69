"""Bad input gives a clear warning and no junk claims, quickly."""

from __future__ import annotations

import time

from engine.extraction import analyse_text
from engine.extraction.scorer import CheckworthinessScorer


def test_arabic_text_gets_the_unsupported_language_warning_and_no_claims(
    signals_only_scorer: CheckworthinessScorer,
) -> None:
    text = "قال الجيش السوداني يوم الأربعاء إنه استعاد مقر الإذاعة في أم درمان بعد معارك استمرت عشرة أشهر."

    result = analyse_text(text, scorer=signals_only_scorer)

    assert result.language == "ar"
    assert result.warnings == ["language 'ar' is not supported yet: no claims were extracted"]
    assert result.claims == []


def test_a_50000_character_sentence_gives_a_warning_and_no_claims(signals_only_scorer: CheckworthinessScorer) -> None:
    text = "The flood killed 40 people " + "and went on and on, " * 2_500 + "until it stopped."
    started = time.perf_counter()

    result = analyse_text(text, scorer=signals_only_scorer)

    assert time.perf_counter() - started < 30
    assert result.claims == []
    assert any("without sentence breaks" in warning for warning in result.warnings)


def test_a_long_line_without_punctuation_gives_a_warning_and_no_claims(
    signals_only_scorer: CheckworthinessScorer,
) -> None:
    text = " ".join(["floods killed 40 people in the north on monday and police said 1200 homes were lost"] * 60)

    result = analyse_text(text, scorer=signals_only_scorer)

    assert result.claims == []
    assert result.warnings == ["The text has no sentence punctuation; it was split on line breaks and length."]


def test_control_characters_do_not_break_the_page_reading(signals_only_scorer: CheckworthinessScorer) -> None:
    text = "WASHINGTON (Reuters) - Floods\x00 killed 40 people\x07 on Monday, police said.\x1b\nBy\x0b Jane Doe\n"

    result = analyse_text(text, scorer=signals_only_scorer)

    assert [item.sentence.text[:6] for item in result.claims] == ["Floods"]
