import re
import time

import numpy as np
import pytest

from engine.extraction import (
    CHECKWORTHY_THRESHOLD,
    CheckworthinessScorer,
    ClaimKind,
    analyse_sentences,
    analyse_text,
    load_scorer,
    split_sentences,
)

ARTICLE = (
    "Home | World | Sport | Business\n"
    "Floods kill 40 in Kenya\n"
    "By Jane Doe, Staff Writer\n"
    "NAIROBI, Kenya (Reuters) - Floods killed 40 people in Kenya since Jan. 5, the Interior Ministry said.\n"
    "Police spokeswoman Maria Ortiz said 1,200 homes were destroyed.\n"
    "Share this article\n"
    "Tags: Kenya, floods, weather\n"
    "© 2024 Daily News. All rights reserved.\n"
)


def test_it_rejects_page_furniture_and_keeps_the_facts(signals_only_scorer: CheckworthinessScorer) -> None:
    result = analyse_text(ARTICLE, scorer=signals_only_scorer)

    reasons = {item.sentence.text: item.boilerplate for item in result.sentences}
    assert reasons["Home | World | Sport | Business"] == "navigation menu"
    assert reasons["By Jane Doe, Staff Writer"] == "byline"
    assert reasons["Share this article"] == "share prompt"
    assert reasons["Tags: Kenya, floods, weather"] == "tag list"
    assert reasons["All rights reserved."] == "copyright line"
    claim_texts = [item.sentence.text for item in result.claims]
    assert "Police spokeswoman Maria Ortiz said 1,200 homes were destroyed." in claim_texts
    assert all(item.boilerplate is None for item in result.claims)


def test_it_gives_every_content_sentence_an_assessment_and_boilerplate_none(
    signals_only_scorer: CheckworthinessScorer,
) -> None:
    result = analyse_text(ARTICLE, scorer=signals_only_scorer)

    for item in result.sentences:
        assert (item.assessment is None) == (item.boilerplate is not None)
        if item.assessment is not None:
            assert 0.0 <= item.assessment.score <= 1.0
            assert item.assessment.checkworthy == (item.assessment.score >= CHECKWORTHY_THRESHOLD)


def test_it_reports_the_speaker_and_type_of_a_claim(signals_only_scorer: CheckworthinessScorer) -> None:
    result = analyse_text(ARTICLE, scorer=signals_only_scorer)

    claim = next(item for item in result.claims if "Maria Ortiz" in item.sentence.text)
    assert claim.assessment is not None
    assert claim.assessment.speaker == "Maria Ortiz"
    assert claim.assessment.speaker_role == "police spokeswoman"
    assert claim.assessment.claim_type == ClaimKind.QUANTITY
    assert "number: 1,200" in claim.assessment.signals


def test_it_carries_a_named_speaker_over_to_a_following_he_said(signals_only_scorer: CheckworthinessScorer) -> None:
    text = "Mayor John Smith said 40 homes burned. He said 12 more were damaged on Monday."

    result = analyse_text(text, scorer=signals_only_scorer)

    second = result.sentences[1].assessment
    assert second is not None
    assert second.speaker == "John Smith"


def test_it_accepts_precomputed_embeddings_for_the_pipeline(signals_only_scorer: CheckworthinessScorer) -> None:
    sentences = split_sentences(ARTICLE)
    vectors = np.zeros((len(sentences), 384), dtype=np.float32)

    result = analyse_sentences(ARTICLE, sentences, embeddings=vectors, scorer=signals_only_scorer)

    # One analysis per given sentence, in order; the dateline glued to the lede is trimmed off, nothing else.
    assert len(result.sentences) == len(sentences)
    changed = [(item.sentence, given) for item, given in zip(result.sentences, sentences, strict=True)]
    changed = [pair for pair in changed if pair[0] != pair[1]]
    assert [pair[0].text for pair in changed] == [
        "Floods killed 40 people in Kenya since Jan. 5, the Interior Ministry said."
    ]


def test_it_refuses_embeddings_that_do_not_match_the_sentences(signals_only_scorer: CheckworthinessScorer) -> None:
    sentences = split_sentences(ARTICLE)

    with pytest.raises(ValueError, match="embeddings"):
        analyse_sentences(ARTICLE, sentences, embeddings=np.zeros((1, 384)), scorer=signals_only_scorer)


def test_it_warns_about_empty_text(signals_only_scorer: CheckworthinessScorer) -> None:
    result = analyse_text("", scorer=signals_only_scorer)

    assert result.sentences == []
    assert result.claims == []
    assert result.warnings == ["The text is empty; there is nothing to analyse."]


def test_it_warns_about_text_that_is_not_english(signals_only_scorer: CheckworthinessScorer) -> None:
    text = "El gobierno anunció que los precios de la energía bajarán un 20% en el mes de enero para las familias."

    result = analyse_text(text, scorer=signals_only_scorer)

    assert result.language == "es"
    assert result.warnings == ["language 'es' is not supported yet: no claims were extracted"]
    assert result.claims == []
    assert len(result.sentences) == 1


def test_it_warns_when_there_is_no_sentence_punctuation(signals_only_scorer: CheckworthinessScorer) -> None:
    text = "\n".join(["floods killed forty people in the north of the country on monday"] * 6)

    result = analyse_text(text, scorer=signals_only_scorer)

    assert len(result.sentences) == 6
    assert result.warnings == ["The text has no sentence punctuation; it was split on line breaks and length."]


def test_it_analyses_a_single_50000_character_sentence_quickly(signals_only_scorer: CheckworthinessScorer) -> None:
    text = "The flood " + "went on and on, " * 3_125 + "until it stopped."

    started = time.perf_counter()
    result = analyse_text(text, scorer=signals_only_scorer)
    elapsed = time.perf_counter() - started

    assert elapsed < 10
    assert result.sentences
    assert len(result.warnings) == 1
    assert re.fullmatch(r"A 50,0\d\d-character run without sentence breaks was cut into pieces\.", result.warnings[0])


def test_it_survives_control_characters_and_odd_unicode(signals_only_scorer: CheckworthinessScorer) -> None:
    text = "Floods\x00 killed\x07 40 people.\x1b[31m\u200b\ufeff Police said so.\x7f\ud7ff 🌊🌊 «Oui»."

    result = analyse_text(text, scorer=signals_only_scorer)

    assert all(text[i.sentence.start : i.sentence.end] == i.sentence.text for i in result.sentences)


def test_it_scores_a_blank_text_zero_without_signals(signals_only_scorer: CheckworthinessScorer) -> None:
    assessment = signals_only_scorer.assess(["", "   ", "..."])

    assert [a.score for a in assessment] == [0.0, 0.0, 0.0]
    assert all(a.signals == [] and a.claim_type == ClaimKind.OTHER for a in assessment)


def test_the_bundled_scorer_finds_the_facts_and_passes_over_small_talk() -> None:
    scorer = load_scorer()
    texts = [
        "Unemployment fell to 3.5% in 2019, the lowest level in 50 years.",
        "Police spokeswoman Maria Ortiz said 12 people were arrested on Monday.",
        "Thank you all for coming tonight.",
        "",
    ]

    assessments = scorer.assess(texts)

    assert [a.checkworthy for a in assessments] == [True, True, False, False]
    assert not scorer.uses_embeddings  # the bundled model never needs the transformer


def test_the_bundled_scorer_handles_a_50000_character_sentence_quickly() -> None:
    text = "The flood " + "went on and on, " * 3_125 + "until it stopped."

    started = time.perf_counter()
    result = analyse_text(text, scorer=load_scorer())

    assert time.perf_counter() - started < 20
    assert result.sentences
