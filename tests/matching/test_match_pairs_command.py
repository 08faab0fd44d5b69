from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.slow


def run(monkeypatch: pytest.MonkeyPatch, text: str) -> list[dict[str, object]]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    out = io.StringIO()
    call_command("match_pairs", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_writes_one_judgement_per_input_line_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = run(
        monkeypatch,
        "Three guards were hurt in the attack on the checkpoint.\t"
        "No injuries were reported in the attack on the checkpoint.\n"
        "no tab on this line\n"
        "The central bank raised rates.\tThe bridge collapsed.\n",
    )
    assert len(lines) == 3
    assert lines[0]["relation"] == "contradicts"
    assert lines[0]["differences"] == [
        {"slot": "negation", "claim_value": "Three guards were hurt", "passage_value": "No injuries"}
    ]
    assert set(lines[0]) == {"similarity", "same_fact", "relation", "differences"}
    assert lines[1] == {"error": "expected text_a<TAB>text_b"}
    assert lines[2]["relation"] is None


def test_it_handles_more_lines_than_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = "".join(f"Report {n} says five people died.\tFive people died, report {n} says.\n" for n in range(300))
    lines = run(monkeypatch, pairs)
    assert len(lines) == 300
    assert all(line["relation"] == "supports" for line in lines)
