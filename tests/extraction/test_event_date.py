import datetime

import pytest

from engine.extraction.event_date import Precision, resolve_event_date

WEDNESDAY_13_MARCH_2024 = datetime.date(2024, 3, 13)


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("The army said on Wednesday it had retaken the base.", datetime.date(2024, 3, 13), Precision.DAY),
        ("Rebels attacked the town on Monday, killing 12.", datetime.date(2024, 3, 11), Precision.DAY),
        ("The ceasefire collapsed on Thursday.", datetime.date(2024, 3, 7), Precision.DAY),
        ("The talks broke down last Wednesday.", datetime.date(2024, 3, 6), Precision.DAY),
        ("Yesterday 40 people were killed.", datetime.date(2024, 3, 12), Precision.MONTH),
        ("The war began last June.", datetime.date(2023, 6, 1), Precision.MONTH),
        ("Prices rose 4% last February.", datetime.date(2024, 2, 1), Precision.MONTH),
        ("The vote was held on March 3, 2024.", datetime.date(2024, 3, 3), Precision.DAY),
        ("On Wednesday, March 6, 2024 the talks began.", datetime.date(2024, 3, 6), Precision.DAY),
    ],
)
def test_it_resolves_the_event_date_against_the_publication_date(
    sentence: str, expected: datetime.date, precision: Precision
) -> None:
    resolved = resolve_event_date(sentence, WEDNESDAY_13_MARCH_2024)

    assert resolved is not None
    assert (resolved.date, resolved.precision) == (expected, precision)


def test_a_relative_date_stays_unresolved_without_a_publication_date() -> None:
    assert resolve_event_date("The army said on Wednesday it had retaken the base.", None) is None


def test_a_sentence_without_a_date_has_none() -> None:
    assert resolve_event_date("The army said it had retaken the base.", WEDNESDAY_13_MARCH_2024) is None
