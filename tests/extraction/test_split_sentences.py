import itertools
import random
import time

import pytest

from engine.extraction import split_sentences
from engine.extraction.splitting import split_with_report

TRICKY_CASES = [
    pytest.param(
        "The U.S. and the U.N. agreed on Jan. 5. Talks resume in March.",
        ["The U.S. and the U.N. agreed on Jan. 5.", "Talks resume in March."],
        id="us-un-and-month-abbreviations",
    ),
    pytest.param(
        "J. R. Smith scored 3.5 points. He left.",
        ["J. R. Smith scored 3.5 points.", "He left."],
        id="initials-and-decimal",
    ),
    pytest.param(
        "Gen. Mark Milley met Col. Ann Lee. They drove 15 km (9 miles) together.",
        ["Gen. Mark Milley met Col. Ann Lee.", "They drove 15 km (9 miles) together."],
        id="military-titles-and-units-in-parentheses",
    ),
    pytest.param(
        "On Monday, Lt. Gov. Dan Patrick said 1,200 homes were lost. Repairs began.",
        ["On Monday, Lt. Gov. Dan Patrick said 1,200 homes were lost.", "Repairs began."],
        id="stacked-titles-and-thousands-separator",
    ),
    pytest.param(
        '"Nobody was hurt," said Ofc. William Tenpenny. The road reopened.',
        ['"Nobody was hurt," said Ofc. William Tenpenny.', "The road reopened."],
        id="police-officer-title",
    ),
    pytest.param(
        'He said: "This is wrong. We must act." Others agreed.',
        ['He said: "This is wrong. We must act."', "Others agreed."],
        id="straight-quotes-spanning-sentences",
    ),
    pytest.param(
        "“We will rebuild. It will take years,” said Maria Ortiz. The mayor disagreed.",
        ["“We will rebuild. It will take years,” said Maria Ortiz.", "The mayor disagreed."],
        id="curly-quote-spanning-two-sentences-stays-with-its-attribution",
    ),
    pytest.param(
        "“We will rebuild,” she said. “It will take years.”",
        ["“We will rebuild,” she said.", "“It will take years.”"],
        id="curly-quotes-closing-after-full-stop",
    ),
    pytest.param(
        "NAIROBI, Kenya (Reuters) - Floods killed 40 people, officials said. More rain is due.",
        ["NAIROBI, Kenya (Reuters) - Floods killed 40 people, officials said.", "More rain is due."],
        id="dateline-stays-with-first-sentence",
    ),
    pytest.param(
        "Floods kill 40 in Kenya\nBy Jane Doe, Staff Writer\nNAIROBI - Rain fell for 3 days.",
        ["Floods kill 40 in Kenya", "By Jane Doe, Staff Writer", "NAIROBI - Rain fell for 3 days."],
        id="headline-and-byline-lines",
    ),
    pytest.param(
        "Rescuers search the rubble on Monday. Photo: AP / John Smith\n\nThe toll rose.",
        ["Rescuers search the rubble on Monday.", "Photo: AP / John Smith", "The toll rose."],
        id="photo-caption-with-credit",
    ),
    pytest.param(
        "- 1,200 people were displaced\n- Damage cost $3.5 million\n• Schools closed",
        ["- 1,200 people were displaced", "- Damage cost $3.5 million", "• Schools closed"],
        id="list-items-without-full-stops",
    ),
    pytest.param(
        "He lives in Washington, D.C. He works for the U.S. Army.",
        ["He lives in Washington, D.C.", "He works for the U.S. Army."],
        id="sentence-ending-on-dc",
    ),
    pytest.param(
        "The meeting ended at 7 p.m. The next day was quiet.",
        ["The meeting ended at 7 p.m.", "The next day was quiet."],
        id="sentence-ending-on-pm",
    ),
    pytest.param(
        "Ms. Ortiz, a spokeswoman for the Ministry of Health, said the toll was 40. It may rise.",
        ["Ms. Ortiz, a spokeswoman for the Ministry of Health, said the toll was 40.", "It may rise."],
        id="title-before-surname",
    ),
    pytest.param(
        "What happened? Nobody knows! Police are investigating...",
        ["What happened?", "Nobody knows!", "Police are investigating..."],
        id="question-exclamation-ellipsis",
    ),
    pytest.param(
        "  Leading spaces.   Trailing spaces.  \n\n\n",
        ["Leading spaces.", "Trailing spaces."],
        id="surrounding-whitespace-is-not-part-of-a-sentence",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TRICKY_CASES)
def test_it_splits_news_text_into_the_expected_sentences(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)

    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_it_keeps_us_abbreviation_inside_a_sentence() -> None:
    sentences = split_sentences("The U.S. Senate voted 52-48 on the bill.")

    assert [s.text for s in sentences] == ["The U.S. Senate voted 52-48 on the bill."]


def test_it_returns_no_sentences_and_a_warning_for_empty_text() -> None:
    report = split_with_report("  \n\t ")

    assert report.sentences == []
    assert report.warnings == ["The text is empty; there is nothing to analyse."]


def test_it_cuts_text_without_punctuation_on_lines_and_length() -> None:
    text = "floods hit the coast\n" + "word " * 400

    report = split_with_report(text)

    assert report.sentences[0].text == "floods hit the coast"
    assert all(len(s.text) <= 400 for s in report.sentences)
    assert all(text[s.start : s.end] == s.text for s in report.sentences)
    assert report.warnings == ["The text has no sentence punctuation; it was split on line breaks and length."]


def test_it_cuts_a_single_50000_character_sentence_quickly_and_says_so() -> None:
    text = "The floods, " + "which ran on and on, " * 2_500 + "ended."

    started = time.perf_counter()
    report = split_with_report(text)
    elapsed = time.perf_counter() - started

    assert elapsed < 5
    assert len(report.sentences) > 1
    assert all(text[s.start : s.end] == s.text for s in report.sentences)
    assert any("run without sentence breaks was cut into pieces" in w for w in report.warnings)


def test_it_splits_50000_characters_of_ordinary_sentences_in_linear_time() -> None:
    text = "Mr. Smith said 1,200 people left the U.S. on Jan. 5 last year. " * 800

    started = time.perf_counter()
    sentences = split_sentences(text)
    elapsed = time.perf_counter() - started

    assert elapsed < 5
    assert len(sentences) == 800


def test_it_survives_an_unbroken_50000_character_token() -> None:
    text = "x" * 50_000

    sentences = split_sentences(text)

    assert "".join(s.text for s in sentences) == text


def test_it_keeps_offsets_exact_around_control_characters_and_tabs() -> None:
    text = "First\tsentence.\x0b Second\x00 one.\u2028Third."

    sentences = split_sentences(text)

    assert sentences
    assert all(text[s.start : s.end] == s.text and s.text == s.text.strip() for s in sentences)


def test_it_keeps_exact_stripped_offsets_on_random_noisy_text() -> None:
    alphabet = "ab Z.!?\n\t\"“”'(),.-:;0123456789 \u00a0\u2028\x00\x1f…U.S.Mr.é漢"
    generator = random.Random(20241121)
    for _ in range(200):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 400)))

        sentences = split_sentences(text)

        assert all(text[s.start : s.end] == s.text and s.text and s.text == s.text.strip() for s in sentences)
        assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))
