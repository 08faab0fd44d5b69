import pytest

from engine.extraction.quotes import quoted_characters


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        pytest.param(
            "He called it “a very long day for everyone” on Monday.", "a very long day for everyone", id="curly"
        ),
        pytest.param(
            "'It's rock hard, absolutely solid as a brick' the friends said.",
            "It's rock hard, absolutely solid as a brick",
            id="straight-single-with-an-apostrophe-inside",
        ),
        pytest.param(
            "Casey said it was time to ‘free the burger at last’ and release it.",
            "free the burger at last",
            id="curly-single",
        ),
        pytest.param(
            "He said: 'When I came round I felt groggy but managed to get home.",
            "When I came round I felt groggy but managed to get home.",
            id="opens-and-runs-on",
        ),
        pytest.param(
            "Then when I dropped my spoon, it stuck to my chest.'",
            "Then when I dropped my spoon, it stuck to my chest.",
            id="closes-what-opened-before",
        ),
    ],
)
def test_it_counts_the_characters_inside_a_quotation(text: str, quoted: str) -> None:
    assert quoted_characters(text) == len(quoted)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The men's burger isn't rotten, and the boys' friend never came back.", id="apostrophes"),
        pytest.param("It's the boys' burger that they've kept in Adelaide for 20 years.", id="plural-possessive"),
        pytest.param("The company said profits rose 10 per cent in the year to March.", id="no-marks"),
    ],
)
def test_apostrophes_are_no_quotation(text: str) -> None:
    assert quoted_characters(text) == 0
