import datetime

import pytest

from engine.extraction import analyse_text
from engine.extraction.page import read_page
from engine.extraction.scorer import CheckworthinessScorer

PAGE = (
    "Sudan Tribune | Plural news and views on Sudan | 2003-2024\n"
    "Published 12 March 2024\n"
    "Sudan army says it retook state broadcaster in Omdurman\n"
    "By Jane Doe KHARTOUM, Sudan (AP) - Sudan's army said on Wednesday it had retaken the state broadcaster's "
    "headquarters in Omdurman.\n"
    "Military spokesman Nabil Abdallah said the paramilitary forces had retreated from 12 districts.\n"
    "Soldiers celebrate in Omdurman on Tuesday. (Ebrahim Hamid/AFP via Getty Images)\n"
    "The fighting has killed at least 14,000 people since April, according to the United Nations.\n"
    "(Additional reporting by John Roe; Editing by Mark Heinrich)\n"
    "Tags: Sudan, RSF, Khartoum\n"
    "Share this article\n"
    "Check Also\n"
    "Egypt opens crossing for aid trucks\n"
    "Egypt opened the Rafah crossing on Monday for 20 trucks carrying 300 tonnes of flour.\n"
)


def test_it_reads_the_head_of_a_pasted_page() -> None:
    page = read_page(PAGE)

    assert page.title == "Sudan army says it retook state broadcaster in Omdurman"
    assert page.byline == "Jane Doe"
    assert (page.dateline_place, page.dateline_agency) == ("KHARTOUM, Sudan", "AP")
    assert page.dateline == "KHARTOUM, Sudan (AP)"
    assert page.published == datetime.date(2024, 3, 12)


def test_the_title_is_never_the_site_heading_or_the_date_line() -> None:
    page = read_page("Daily Planet | News | 1998-2024\nMarch 3, 2025 10:42 AM ET\nFloods kill 40 in Kenya\nBody.")

    assert page.title == "Floods kill 40 in Kenya"
    assert page.published == datetime.date(2025, 3, 3)


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("Published 12 March 2024", datetime.date(2024, 3, 12)),
        ("Tuesday 4 March 2025 14.05 GMT", datetime.date(2025, 3, 4)),
        ("Updated 10:05 AM EST, Tue March 4, 2025", datetime.date(2025, 3, 4)),
        ("Mar. 4, 2025, 10:05 a.m. ET", datetime.date(2025, 3, 4)),
        ("Sept. 3, 2014 5:00 PM", datetime.date(2014, 9, 3)),
        ("2025-03-04T10:05:00Z", datetime.date(2025, 3, 4)),
        ("Last updated on 4th March, 2025 at 10:05", datetime.date(2025, 3, 4)),
        ("12 March 2024 | Updated 14:05 GMT", datetime.date(2024, 3, 12)),
        ("4 March 2025 · 3 min read", datetime.date(2025, 3, 4)),
        ("Published 12 March 2024 by Jane Doe", datetime.date(2024, 3, 12)),
    ],
)
def test_it_reads_the_publication_date_in_the_forms_outlets_print(date_line: str, expected: datetime.date) -> None:
    page = read_page(f"Floods kill 40 in Kenya\n{date_line}\nHeavy rain swept away homes in Nairobi on Monday.\n")

    assert page.published == expected
    assert page.title == "Floods kill 40 in Kenya"


@pytest.mark.parametrize(
    "line",
    [
        "03/04/2025 10:05",  # 3 April on a British page, March 4 on an American one: no date beats a wrong one
        "March 2025",  # no day
        "14 people died on March 3, 2025, police said",  # a sentence that states a date
    ],
)
def test_a_line_without_one_unambiguous_publication_date_gives_none(line: str) -> None:
    assert read_page(f"Floods kill 40 in Kenya\n{line}\nHeavy rain swept away homes in Nairobi.\n").published is None


def test_it_reads_a_reuters_dateline_under_a_byline_line() -> None:
    page = read_page("By Steve Holland\nWASHINGTON (Reuters) - President Obama said on Monday he would go.\n")

    assert page.byline == "Steve Holland"
    assert page.dateline == "WASHINGTON (Reuters)"
    assert page.title == ""


def test_a_sentence_opening_in_capitals_is_not_a_dateline() -> None:
    page = read_page("NATO - the alliance - said on Monday that 40 soldiers had died in the attack on the base.\n")

    assert page.dateline == ""


def test_furniture_never_becomes_a_claim_or_part_of_one(signals_only_scorer: CheckworthinessScorer) -> None:
    result = analyse_text(PAGE, scorer=signals_only_scorer)

    texts = [item.sentence.text for item in result.claims]
    assert "Sudan's army said on Wednesday it had retaken the state broadcaster's headquarters in Omdurman." in texts
    assert any(text.startswith("The fighting has killed at least 14,000") for text in texts)
    for furniture in ("Sudan Tribune", "Published", "By Jane", "KHARTOUM", "Getty", "Editing by", "Tags", "Rafah"):
        assert not any(furniture in text for text in texts), furniture


def test_an_image_marker_glued_to_the_first_word_is_cut_off(signals_only_scorer: CheckworthinessScorer) -> None:
    text = "ImageThe army said on Monday that 40 soldiers were killed in the attack on the northern base.\n"

    result = analyse_text(text, scorer=signals_only_scorer)

    assert result.sentences[0].sentence.text.startswith("The army said")


def test_it_reads_datelines_without_spaces_or_without_a_place() -> None:
    assert (
        read_page("BEIRUT—Former Iraqi officers are training pilots, a monitor said on Friday.\n").dateline == "BEIRUT"
    )
    page = read_page("(Reuters) - Even in India, where government jobs are for life, A.K. Verma was pushing it.\n")
    assert (page.dateline_place, page.dateline_agency) == ("", "Reuters")


def test_a_read_more_line_inside_the_body_does_not_cut_the_rest() -> None:
    text = (
        "Sony optioned the best-seller in 2011, around the time of the death of its author.\n"
        "Read more Hollywood Salaries Revealed\n"
        "Fincher had been in talks to direct, but he left the project over compensation in April.\n"
        "Scott Rudin is producing the film alongside Guymon Casady and Mark Gordon.\n"
    )

    reasons = {text[f.start : f.end][:9]: f.reason for f in read_page(text).furniture}

    assert reasons == {"Read more": "related teaser"}


def test_a_line_of_image_alt_text_is_furniture() -> None:
    text = "Officials confirmed that 300 soldiers died in the attack on Monday.\niraqi news gas attack\n"

    reasons = [f.reason for f in read_page(text).furniture]

    assert reasons == ["image alt text"]


def test_a_kicker_above_the_headline_leaves_the_headline_the_title_and_neither_a_claim(
    signals_only_scorer: CheckworthinessScorer,
) -> None:
    # The page's <p class="kicker"> and <h1> as trafilatura hands them over: the headline used to become a claim.
    text = (
        "Calder floods\n"
        "Flash flood sweeps away Lorvan bridge, killing at least 14\n"
        "At least 14 people died when a flash flood washed away the Harrow Street Bridge on Friday, officials said.\n"
    )

    page = read_page(text)
    texts = [item.sentence.text for item in analyse_text(text, scorer=signals_only_scorer).claims]

    assert page.title == "Flash flood sweeps away Lorvan bridge, killing at least 14"
    assert [f.reason for f in page.furniture] == ["title", "title"]
    assert not any("sweeps away" in claim for claim in texts)
    assert any(claim.startswith("At least 14 people died") for claim in texts)


def test_a_republication_credit_is_furniture() -> None:
    # The closing line of many FNC-1 bodies, e.g. competition test body 1999.
    text = (
        "Apple said on Monday it would open its first store in the city by the end of the year.\n"
        "\n"
        "This article originally appeared at Reuters. Copyright 2015. Follow Reuters on Twitter.\n"
    )

    assert [f.reason for f in read_page(text).furniture] == ["republication credit"]


def test_a_wire_photo_caption_ending_in_its_own_dateline_is_furniture() -> None:
    # FNC-1 train body 227: an uncredited Reuters caption between two paragraphs.
    text = (
        "The government said on Friday it had agreed a ceasefire with the militants.\n"
        'Campaigners from "#Bring Back Our Girls" march during a rally calling for the release of the Abuja school '
        "girls who were abducted by Boko Haram militants, in Abuja October 17, 2014.\n"
        "Talks on the release of the girls were held in Chad, officials said on October 17, 2014.\n"
    )

    assert [f.reason for f in read_page(text).furniture] == ["photo caption"]


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        pytest.param("BEIRUT: Lebanon's interior minister said DNA tests confirmed it.\n", "BEIRUT", id="beirut-colon"),
        pytest.param("DUBAI: The ruler said the tower would open in May.\n", "DUBAI", id="dubai-colon"),
        pytest.param("UPDATE: The minister has since resigned.\n", "", id="update-label"),
        pytest.param("WARNING: Graphic image below\n\nThe army said it fired.\n", "", id="warning-label"),
    ],
)
def test_a_capitalised_place_before_a_colon_is_a_dateline_but_a_label_is_not(text: str, dateline: str) -> None:
    assert read_page(text).dateline == dateline


def test_an_upper_case_phrase_and_colon_further_down_is_no_dateline() -> None:
    text = (
        "Officials in New York reacted to the city's new marijuana policy on Monday.\n\n"
        "NYC MARIJUANA POLICY: Official eases practices for low-level offenses\n\n"
        "Five council members applauded the mayor's move on Tuesday.\n"
    )

    assert read_page(text).dateline == ""
