"""Names in a sentence come from spaCy's entity recogniser; a later "she said" may refer to a person named earlier."""

from engine.extraction import analyse_text
from engine.extraction.names import entity_docs, find_names, names_in
from engine.extraction.signals import detect_signals


def test_people_organisations_and_places_are_sorted_by_the_recogniser() -> None:
    people, organisations, places = find_names(
        "Military spokesman Ahmed Asiri said the Health Ministry in Sanaa had reported 14 dead on Monday."
    )
    assert people == ["Ahmed Asiri"]
    assert organisations == ["Health Ministry"]
    assert places == ["Sanaa"]


def test_a_capitalised_sentence_opener_or_weekday_is_no_name() -> None:
    assert find_names("However, On Monday The Council Met.")[0] == []
    assert find_names("Meanwhile prices rose by 4 percent in March.") == ([], [], [])


def test_a_sentence_gets_the_same_names_alone_or_in_a_batch() -> None:
    texts = [
        "Julie Lawrence, the birthday boy's mother, has defended the fee.",
        "Reuters reported that Kenya's Red Cross counted 40 dead near Nairobi.",
        "Nothing named here at all.",
    ] * 5
    batched = [names_in(doc) for doc in entity_docs(texts)]
    alone = [names_in(entity_docs([text])[0]) for text in texts]
    assert batched == alone


def test_names_reach_the_signals_and_their_labels() -> None:
    report = detect_signals("Reuters reported that Kenya's Red Cross counted 40 dead near Nairobi.")
    assert "Nairobi" in report.places
    assert "organisation: Reuters" in report.labels()


def test_she_said_refers_to_the_person_named_before_when_nobody_was_quoted() -> None:
    text = (
        "Julie Lawrence, the birthday boy's mother, has defended the fee as necessary to recoup the costs. "
        "She said the cost covers one ticket to the party at the ski slope."
    )
    claims = [item.assessment for item in analyse_text(text).sentences if item.assessment is not None]
    assert claims[-1].speaker == "Julie Lawrence"


def test_he_added_refers_to_an_unnamed_official_who_spoke_before() -> None:
    text = (
        "“How would he trust that the Russians would not leak it?” said one former senior intelligence official. "
        "The FBI would know that a transition official was going in and out of the embassy, he added."
    )
    claims = [item.assessment for item in analyse_text(text).sentences if item.assessment is not None]
    assert claims[-1].speaker == "one former senior intelligence official"


def test_he_said_refers_to_an_unnamed_official_described_by_where_they_work() -> None:
    text = (
        "The deal was signed in March, an official in the finance ministry said on Monday. "
        "The ministry had paid 40 million dollars for the land, he said."
    )
    claims = [item.assessment for item in analyse_text(text).sentences if item.assessment is not None]
    assert claims[-1].speaker == "official in the finance ministry"
