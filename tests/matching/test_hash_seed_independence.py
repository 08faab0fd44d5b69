"""The fact rules' output is a function of the text alone, whatever PYTHONHASHSEED a process starts with."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

# Real sentence pairs (FNC-1 bodies and Emergent headlines, multi-outlet and Emergent train splits) whose judgements
# name a value: each rule that picks a word could pick it by set order.
PAIRS = [
    (
        "He blamed educational institutions for the poor education of children.",
        "The schools are not educating the children, parents said.",
    ),
    (
        "London Police Chief Lyndon Edwards held a press conference to answer questions about Banksy.",
        "– London Police Chief Lyndon Edwards doesn't exist.",
    ),
    (
        "The City of London Police say Banksy's real name is Paul Horner, a 35-year old male born in Liverpool.",
        "His name is not and never will be Paul Horner.",
    ),
    (
        "The students went missing in the southwestern state of Guerrero on Sept. 26.",
        "The students went missing on September 25 after a protest turned violent.",
    ),
    ("Artist Banksy drew a cartoon about the Charlie Hebdo murders", "A Bogus Banksy"),
]

SCRIPT = """
import json, sys
from engine.matching.facts import find_differences
from engine.matching.facts.extract import extract_facts
from engine.matching.facts.refutation import find_refutation
out = []
for claim, passage in json.loads(sys.argv[1]):
    a, b = extract_facts(claim), extract_facts(passage)
    denial = find_refutation(a, b)
    out.append([
        None if denial is None else denial.as_dict(),
        [d.as_dict() for d in find_differences(a, b, same_topic=True)],
        sorted(a.content),
    ])
print(json.dumps(out))
"""


def _judged_under(seed: str) -> list[list[Any]]:
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(PAIRS)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
    )
    result: list[list[Any]] = json.loads(completed.stdout)
    return result


def test_the_fact_rules_name_the_same_values_under_any_hash_seed() -> None:
    first, second, third = (_judged_under(seed) for seed in ("1", "2", "3"))
    assert first == second == third
    # And they name something: a test over empty outputs could not fail.
    assert sum(1 for denial, differences, _ in first if denial or differences) >= 4
