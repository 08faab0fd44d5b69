"""ClaimReview's short form of a claim, on real news sentences (FNC-1 article bodies, written by reporters).

The sentences are read from the benchmark data at test time (the data is never committed here), picked by FNC-1
Body ID and the sentence's opening words.
"""

from __future__ import annotations

import csv
import os
import re
from functools import cache
from pathlib import Path

import pytest

from engine.extraction.short_form import ELLIPSIS, MAX_LENGTH, short_claim

DATA = Path(os.environ.get("FACTCHECK_BENCHMARK_DATA", "/work/shared/data/benchmarks")) / "fnc1" / "train_bodies.csv"
needs_data = pytest.mark.skipif(not DATA.exists(), reason=f"FNC-1 bodies not found at {DATA}")


@cache
def bodies() -> dict[str, str]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}


def sentences(body: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(body.split())) if s]


def fnc1_sentence(body_id: str, opening: str) -> str:
    found = [s for s in sentences(bodies()[body_id]) if s.startswith(opening)]
    assert len(found) == 1, f"body {body_id} has {len(found)} sentences starting {opening!r}"
    return found[0]


@needs_data
@pytest.mark.parametrize(
    ("body_id", "opening", "expected"),
    [
        # A trailing "said <name>, <role>" goes, whatever its length.
        ("6", "The photos of the boy first emerged", "The photos of the boy first emerged in June."),
        # A quotation framed by "the spokeswoman said" / "the government said in a statement on Thursday".
        ("63", "The source said bodyguards", "Bodyguards have been posted around the ward and security remains tight."),
        ("117", "The source said that Kim", "Kim hurt his leg while inspecting military exercises."),
        # "X told <audience>." after a quotation.
        ("114", "“A few of the people", "A few of the people are really ugly."),
        # A leading "According to ..." clause.
        ("40", "Young North Korean dictator", "Young North Korean dictator Kim Jong Un’s health is just fine."),
    ],
)
def test_it_strips_the_attribution_and_keeps_the_claim(body_id, opening, expected):
    assert short_claim(fnc1_sentence(body_id, opening)) == expected


@needs_data
@pytest.mark.parametrize(
    ("body_id", "opening"),
    [
        # "who says" inside the subject, "is said to": not an attribution to strip.
        ("32", "The FBI has questioned a man"),
        ("75", "The service is said to cost"),
        # "said she had no idea": the claim follows the verb.
        ("116", "The woman, who belonged to an order in Macerata, Italy, said"),
    ],
)
def test_it_keeps_a_subject_that_only_looks_like_an_attribution(body_id, opening):
    sentence = fnc1_sentence(body_id, opening)
    short = short_claim(sentence)
    assert sentence.startswith(short.removesuffix(ELLIPSIS))


@needs_data
def test_a_long_sentence_ends_with_an_ellipsis_at_a_word_boundary_not_on_a_function_word():
    sentence = fnc1_sentence("7", "At least 25 suspected Boko Haram")
    short = short_claim(sentence)
    assert short == "At least 25 suspected Boko Haram insurgents were killed in clashes between…"
    # Compare: the sentence itself, cut at 74 characters, ends inside "soldiers".
    assert len(short) <= MAX_LENGTH


@needs_data
def test_a_cut_quotation_loses_its_opening_mark():
    sentence = fnc1_sentence("10", '"We currently offer the first episode')
    assert short_claim(sentence) == "We currently offer the first episode of some television shows free…"


@needs_data
def test_every_sentence_of_a_thousand_real_articles_fits_the_limit_and_is_a_fair_prefix():
    checked = 0
    for body in list(bodies().values())[:1000]:
        for sentence in sentences(body):
            if len(sentence.split()) < 4:
                continue
            short = short_claim(sentence)
            checked += 1
            assert 0 < len(short) <= MAX_LENGTH, sentence
            assert short == short_claim(sentence)  # the same text, the same short form
            # (A single word longer than the limit, such as a pasted URL, can only be cut inside itself.)
            if short.endswith(ELLIPSIS) and " " in short:
                kept = short.removesuffix(ELLIPSIS)
                words = " ".join(sentence.split())
                # The cut falls between words: what precedes the ellipsis ends a word of the sentence.
                at = words.find(kept[-20:])
                assert at >= 0, (sentence, short)
                following = words[at + len(kept[-20:]) : at + len(kept[-20:]) + 1]
                assert following in {"", " ", ",", ";", ":", "."} or not following.isalnum(), (sentence, short)
    assert checked > 10_000


def test_a_short_sentence_is_kept_as_written():
    assert short_claim("The bridge reopened on Monday.") == "The bridge reopened on Monday."


def test_a_single_overlong_word_is_cut_with_an_ellipsis():
    short = short_claim("x" * 200)
    assert len(short) == MAX_LENGTH and short.endswith(ELLIPSIS)


def test_it_refuses_a_limit_too_small_for_a_few_words():
    with pytest.raises(ValueError, match="at least 10"):
        short_claim("The bridge reopened on Monday.", limit=5)
