import pytest

from engine.extraction.attribution import find_attribution

ATTRIBUTIONS = [
    pytest.param(
        "Police spokeswoman Maria Ortiz said 12 people were arrested.",
        "Maria Ortiz",
        "police spokeswoman",
        id="role-before-name-before-verb",
    ),
    pytest.param(
        "Twelve people were arrested, said Maria Ortiz, a police spokeswoman.",
        "Maria Ortiz",
        "police spokeswoman",
        id="inverted-with-appositive-role",
    ),
    pytest.param(
        "Maria Ortiz, a police spokeswoman, said 12 people were arrested.",
        "Maria Ortiz",
        "police spokeswoman",
        id="name-then-appositive-then-verb",
    ),
    pytest.param(
        "Twelve people were arrested, according to the Health Ministry.",
        "the Health Ministry",
        "",
        id="according-to-an-institution",
    ),
    pytest.param(
        "According to police spokeswoman Maria Ortiz, 12 people were arrested.",
        "Maria Ortiz",
        "police spokeswoman",
        id="according-to-a-person-with-role",
    ),
    pytest.param(
        "“We will rebuild,” said Maria Ortiz, a police spokeswoman.",
        "Maria Ortiz",
        "police spokeswoman",
        id="quote-then-inverted-attribution",
    ),
    pytest.param(
        "The death toll rose to 40, the Health Ministry said on Monday.",
        "the Health Ministry",
        "",
        id="institution-after-the-claim",
    ),
    pytest.param(
        "Kenyan Health Minister Jane Doe told reporters that 40 people died.",
        "Jane Doe",
        "Kenyan health minister",
        id="long-role-with-nationality",
    ),
    pytest.param(
        "On Monday, Lt. Gov. Dan Patrick said the storm was bad.",
        "Dan Patrick",
        "Lt. Gov.",
        id="abbreviated-titles-keep-their-case",
    ),
    pytest.param('"It is a disaster," said Gov. Greg Abbott.', "Greg Abbott", "Gov.", id="title-after-verb"),
    pytest.param("He said the plan would fail.", "", "", id="pronoun-names-nobody"),
    pytest.param("Floods killed 1,200 people in Texas.", "", "", id="no-attribution"),
]


@pytest.mark.parametrize(("text", "speaker", "role"), ATTRIBUTIONS)
def test_it_finds_who_asserts_a_sentence(text: str, speaker: str, role: str) -> None:
    attribution = find_attribution(text)

    assert (attribution.speaker, attribution.role) == (speaker, role)
