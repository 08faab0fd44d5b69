import numpy as np
import pytest

from engine.extraction import split_sentences
from engine.extraction.boilerplate import detect_boilerplate

FURNITURE = [
    pytest.param("Home | World | Sport | Business", "navigation menu", id="menu"),
    pytest.param("Photo: AP / John Smith", "photo credit", id="photo-credit"),
    pytest.param("(Getty Images)", "photo credit", id="getty-credit"),
    pytest.param("Tags: Kenya, floods, weather", "tag list", id="tags"),
    pytest.param("Share this article", "share prompt", id="share"),
    pytest.param("Leave a comment", "share prompt", id="comment"),
    pytest.param("Sign up for our newsletter", "share prompt", id="newsletter"),
    pytest.param("Also read: Kenya's shilling hits record low", "related teaser", id="also-read"),
    pytest.param("Check also: Dhaka air pollution among worst", "related teaser", id="check-also"),
    pytest.param("Read more: How higher rates affect you", "related teaser", id="read-more"),
    pytest.param("© 2024 Daily Planet", "copyright line", id="copyright-sign"),
    pytest.param("All rights reserved.", "copyright line", id="rights-reserved"),
    pytest.param("By Jane Doe, Staff Writer", "byline", id="byline"),
    pytest.param("Sarah Kim, Health Correspondent", "byline", id="credit-line"),
    pytest.param("Updated 9:15 a.m. ET", "timestamp", id="timestamp"),
    pytest.param("Advertisement", "advertisement", id="advertisement"),
    pytest.param("— Mark Bixler (@CNNmarkbixler) January 10, 2015", "post sign-off", id="tweet-sign-off"),
]


def _no_vectors(indices: list[int]) -> None:
    return None


@pytest.mark.parametrize(("line", "reason"), FURNITURE)
def test_it_names_the_kind_of_page_furniture(line: str, reason: str) -> None:
    sentences = split_sentences(line)

    assert detect_boilerplate(line, sentences, _no_vectors) == [reason] * len(sentences)


def test_it_rejects_a_photo_caption_ending_in_an_agency_credit() -> None:
    text = "Rescuers dig through rubble in Nairobi. (Getty Images)"

    sentences = split_sentences(text)

    assert detect_boilerplate(text, sentences, _no_vectors) == ["photo caption", "photo credit"]


def test_it_keeps_news_sentences_that_merely_mention_sharing_or_photos() -> None:
    text = "Police said the photo was shared 40,000 times.\nThe company will read more reports next year."

    sentences = split_sentences(text)

    assert detect_boilerplate(text, sentences, _no_vectors) == [None, None]


def test_it_marks_headline_lines_after_a_related_stories_cue() -> None:
    text = "Floods killed 40 people on Monday.\nRelated stories\nWHO approves second vaccine\nOil prices fall"

    sentences = split_sentences(text)

    assert detect_boilerplate(text, sentences, _no_vectors) == [
        None,
        "related teaser",
        "related teaser",
        "related teaser",
    ]


def test_it_cuts_a_trailing_teaser_for_an_unrelated_story() -> None:
    body = [f"Floods in Kenya killed {n} people on the coast, officials said." for n in range(10, 18)]
    text = "\n".join([*body, "Taylor Swift announces extra London dates", "The singer will play three more nights."])
    sentences = split_sentences(text)
    on_topic, off_topic = np.eye(384, dtype=np.float32)[0], np.eye(384, dtype=np.float32)[1]
    vectors = np.stack([on_topic] * len(body) + [off_topic, off_topic])

    reasons = detect_boilerplate(text, sentences, lambda indices: vectors[indices])

    assert reasons == [None] * len(body) + ["unrelated teaser", "unrelated teaser"]


def test_it_keeps_an_on_topic_closing_subheading() -> None:
    body = [f"Floods in Kenya killed {n} people on the coast, officials said." for n in range(10, 18)]
    text = "\n".join([*body, "What happens next", "Rain is forecast to continue until Friday."])
    sentences = split_sentences(text)
    vectors = np.tile(np.eye(384, dtype=np.float32)[0], (len(sentences), 1))

    reasons = detect_boilerplate(text, sentences, lambda indices: vectors[indices])

    assert reasons == [None] * len(sentences)


def test_a_run_cut_by_length_gives_no_claim_pieces() -> None:
    text = "The flood " + "went on and on, " * 3_125 + "until it stopped."

    sentences = split_sentences(text)

    assert len(sentences) > 1
    assert set(detect_boilerplate(text, sentences, _no_vectors)) == {"run without sentence breaks"}


def test_sentences_that_end_properly_are_not_pieces_of_a_run() -> None:
    text = "Floods killed 40 people on Monday. Police said 1,200 homes were destroyed (officials said)."

    sentences = split_sentences(text)

    assert detect_boilerplate(text, sentences, _no_vectors) == [None, None]


_BODY = [
    "Two Australian men think they may own the world's oldest burger, bought 20 years ago.",
    "When Eduard and Casey were 13 and 14, they took a trip to their local restaurant in Adelaide.",
    "The men picked up an extra burger for their friend, who never showed up to eat it.",
    "They have kept the burger under lock and key for the past two decades, the men said.",
]


def _reasons_with_a_line_between_paragraphs(line: str) -> list[str | None]:
    """The furniture reasons of a short article whose third paragraph is `line`."""
    text = "\n\n".join([*_BODY[:2], line, *_BODY[2:]])
    return detect_boilerplate(text, split_sentences(text), _no_vectors)


@pytest.mark.parametrize(
    ("caption", "reasons"),
    [
        pytest.param(
            "Adelaide men Eduard (left) and Casey (right) bought this burger 20 years ago",
            ["photo caption"],
            id="left-and-right",
        ),
        pytest.param(
            "Nikolai pictured with a load of cutlery sticking to his back. He claims he woke up with the power.",
            ["photo caption", "photo caption"],
            id="pictured-opens-the-line",
        ),
        pytest.param(
            "The schoolboy claims powers like Magneto's. Pictured is the actor who played the character.",
            ["photo caption", "photo caption"],
            id="pictured-sentence",
        ),
        pytest.param("Two decades later it has no mould on it whatsoever", ["photo caption"], id="no-full-stop"),
        pytest.param(
            "She was pictured leaving the hospital in Adelaide on Monday, the men said.", [None], id="was-pictured"
        ),
        pytest.param("Ruwayda Mustafah, a blogger with 40,000 followers on Twitter, notes:", [None], id="lead-in"),
        pytest.param(
            "“These elements are present in abundance. This situation requires partnerships”", [None], id="quotation"
        ),
    ],
)
def test_a_tabloid_photo_caption_between_paragraphs_is_furniture(caption: str, reasons: list[str | None]) -> None:
    assert _reasons_with_a_line_between_paragraphs(caption) == [None, None, *reasons, None, None]


def test_a_page_without_full_stops_has_no_captions_to_tell_apart() -> None:
    lines = [f"{sentence.rstrip('.')} on day {day}" for day in range(1, 4) for sentence in _BODY]
    text = "\n\n".join(lines)

    assert "photo caption" not in detect_boilerplate(text, split_sentences(text), _no_vectors)


@pytest.mark.parametrize(
    ("line", "reasons"),
    [
        pytest.param("AFP contributed to this report.", ["credit line"], id="contributed-to-this-report"),
        pytest.param("H.M. Davenport, Navarro County Judge", ["signature"], id="press-release-signature"),
        pytest.param(
            "MORE: Nelly the neat freak! Elephant picks up litter when nobody is around",
            ["related teaser", "related teaser"],
            id="more-cue-to-the-end-of-its-line",
        ),
        pytest.param(
            "NYC MARIJUANA POLICY: Official eases practices for low-level offenses",
            ["related teaser"],
            id="upper-case-kicker-and-headline",
        ),
        pytest.param(
            "Big foot? Some have suggested the video was just a stunt to bring in tourists",
            ["photo caption", "photo caption"],
            id="short-kicker-before-a-caption",
        ),
    ],
)
def test_credits_signatures_teasers_and_kicked_captions_between_paragraphs_are_furniture(
    line: str, reasons: list[str]
) -> None:
    assert _reasons_with_a_line_between_paragraphs(line) == [None, None, *reasons, None, None]
