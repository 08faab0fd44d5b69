"""Score sentences read from stdin (one per line); print one JSON object per line on stdout, in the same order."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from django.core.management.base import BaseCommand

from engine.extraction import Assessment, load_scorer

# Bounded memory whatever the input size; large enough that the embedding model runs full batches.
BATCH_SIZE = 1024


class Command(BaseCommand):
    help = (
        "Read one sentence per line on stdin and print one JSON line per sentence: "
        '{"score", "checkworthy", "type", "signals", "speaker", "speaker_role", "source_type"}. Empty lines score 0.'
    )
    stealth_options = ("stdin",)

    def handle(self, *args: Any, **options: Any) -> None:
        # Undecodable bytes become U+FFFD instead of aborting a 10,000-line run halfway.
        stdin: TextIO = options.get("stdin") or io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        scorer = load_scorer()
        for batch in _batches(stdin, BATCH_SIZE):
            texts = [line.strip() for line in batch]
            assessments = scorer.assess(texts)
            self.stdout.write("\n".join(json.dumps(_as_json(a), ensure_ascii=False) for a in assessments))


def _batches(lines: Iterable[str], size: int) -> Iterable[list[str]]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _as_json(assessment: Assessment) -> dict[str, object]:
    return {
        "score": assessment.score,
        "checkworthy": assessment.checkworthy,
        "type": assessment.claim_type.value,
        "signals": assessment.signals,
        "speaker": assessment.speaker,
        "speaker_role": assessment.speaker_role,
        "source_type": assessment.source_type,
    }
