import pytest

from engine.extraction import ClaimKind
from engine.extraction.kinds import classify_claim
from engine.extraction.signals import detect_signals

KINDS = [
    pytest.param("Floods killed 1,200 people in Kenya.", ClaimKind.QUANTITY, id="number"),
    pytest.param("Unemployment fell to 3.5% last year.", ClaimKind.QUANTITY, id="percentage"),
    pytest.param("The minister resigned on Jan. 5.", ClaimKind.EVENT, id="dated-event"),
    pytest.param("Police arrested the suspect at the airport.", ClaimKind.EVENT, id="event-verb"),
    pytest.param("The nun gave birth to a boy on Sunday.", ClaimKind.EVENT, id="news-event-of-a-person"),
    pytest.param("The journalists were kidnapped near Aleppo.", ClaimKind.EVENT, id="news-event-kidnapped"),
    pytest.param("“We will not back down from this fight,” she said.", ClaimKind.QUOTE, id="direct-quote"),
    pytest.param("The outage happened because a cable was cut.", ClaimKind.CAUSAL, id="causal"),
    pytest.param("The bank is expected to raise interest rates.", ClaimKind.PREDICTION, id="prediction"),
    pytest.param("This is a beautiful country.", ClaimKind.OTHER, id="opinion-is-other"),
]


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_it_types_a_claim_by_what_must_be_verified(text: str, kind: ClaimKind) -> None:
    assert classify_claim(detect_signals(text)) == kind


def test_it_reports_human_readable_signals() -> None:
    signals = detect_signals(
        "Police spokeswoman Maria Ortiz said on Jan. 5 that 1,200 people may have left because of floods."
    ).labels()

    assert "number: 1,200" in signals
    assert "date: Jan. 5" in signals
    assert "attribution: said" in signals
    assert "person: Maria Ortiz" in signals
    assert "causal: because" in signals
    assert "hedging: may" in signals


def test_it_does_not_count_a_year_or_day_of_a_date_as_a_quantity() -> None:
    report = detect_signals("The law was passed on March 3, 2021.")

    assert report.numbers == []
    assert report.dates == ["March 3, 2021"]
