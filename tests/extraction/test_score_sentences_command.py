import io
import json

from django.core.management import call_command

from engine.extraction import CHECKWORTHY_THRESHOLD


def _run(lines: list[str]) -> list[dict[str, object]]:
    stdout = io.StringIO()
    call_command("score_sentences", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=stdout)
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_it_writes_one_json_line_per_input_line_in_order() -> None:
    results = _run(
        [
            "Floods killed 1,200 people in Kenya since Jan. 5, police spokeswoman Maria Ortiz said.",
            "",
            "Thank you very much.",
        ]
    )

    assert len(results) == 3
    first = results[0]
    assert list(first)[:4] == ["score", "checkworthy", "type", "signals"]
    assert first["checkworthy"] is True
    assert first["type"] == "quantity"
    assert "number: 1,200" in first["signals"]  # type: ignore[operator]
    assert first["speaker"] == "Maria Ortiz"
    assert first["speaker_role"] == "police spokeswoman"
    assert results[2]["checkworthy"] is False


def test_it_answers_an_empty_line_with_a_zero_score() -> None:
    results = _run(["", "   "])

    expected = {"score": 0.0, "checkworthy": False, "type": "other", "signals": []}
    assert [{k: r[k] for k in expected} for r in results] == [expected, expected]


def test_it_uses_the_shared_threshold() -> None:
    results = _run(["The unemployment rate fell to 3.5% in 2019.", "I think so."])

    assert all(r["checkworthy"] == (float(r["score"]) >= CHECKWORTHY_THRESHOLD) for r in results)  # type: ignore[arg-type]


def test_it_streams_more_lines_than_one_batch() -> None:
    results = _run([f"Sentence number {i} says 40 people died." for i in range(600)])

    assert len(results) == 600


def test_it_says_what_a_sentence_rests_on_besides_who_speaks() -> None:
    stated, pictured = _run(
        [
            "The ministry said in a statement that 14 people died in the flood.",
            "According to pictures circulating on social media, the bridge collapsed.",
        ]
    )

    assert "ministry" in str(stated["speaker"]) and stated["source_type"] == "statement"
    assert (pictured["speaker"], pictured["source_type"]) == ("", "pictures")
