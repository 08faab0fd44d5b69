"""Judge text pairs read from stdin (`text_a<TAB>text_b` per line), one JSON object per line on stdout."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from engine.matching import PairJudgement, judge_pairs

BATCH_SIZE = 256
MALFORMED = {"error": "expected text_a<TAB>text_b"}


class Command(BaseCommand):
    help = "Compare text_a<TAB>text_b lines from stdin; print one JSON judgement per line, in the same order."

    def handle(self, *args: Any, **options: Any) -> None:
        batch: list[str] = []
        for line in sys.stdin:
            batch.append(line)
            if len(batch) >= BATCH_SIZE:
                self._write_batch(batch)
                batch = []
        self._write_batch(batch)

    def _write_batch(self, lines: list[str]) -> None:
        parsed = [_split(line) for line in lines]
        judgements = judge_pairs([pair for pair in parsed if pair is not None], batch_size=BATCH_SIZE)
        # A malformed line still gets its own output line, so callers can zip input and output.
        for pair in parsed:
            self.stdout.write(json.dumps(MALFORMED if pair is None else _line_payload(next(judgements))))
        self.stdout.flush()


def _split(line: str) -> tuple[str, str] | None:
    text = line.rstrip("\r\n")
    if "\t" not in text:
        return None
    text_a, text_b = text.split("\t", 1)
    return text_a, text_b


def _line_payload(judgement: PairJudgement) -> dict[str, object]:
    # The line's keys are a contract scripts parse: text_a is the claim, text_b the other report.
    return {
        "similarity": round(judgement.similarity, 4),
        "same_fact": judgement.same_fact,
        "relation": None if judgement.relation is None else str(judgement.relation),
        "differences": [difference.as_dict() for difference in judgement.differences],
    }
