"""Carry a named speaker over to the "he said" sentences that follow, as news prose means them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from engine.extraction.types import Assessment, Sentence

# "he said" names nobody; the most recent named person in the last few sentences is who "he" is in news prose.
_PRONOUN_ATTRIBUTION = re.compile(r"\b(?:he|she)\s(?:said|says|told|added|noted|explained|warned)\b", re.IGNORECASE)
_SPEAKER_MEMORY = 4


def carry_speakers(
    sentences: Sequence[Sentence], content: list[int], assessments: list[Assessment]
) -> list[Assessment]:
    """`assessments` of the `content` sentences, a pronoun-attributed one given the last named person's name."""
    carried: list[Assessment] = []
    last_speaker: tuple[str, str, int] | None = None
    for index, assessment in zip(content, assessments, strict=True):
        if assessment.speaker:
            last_speaker = (assessment.speaker, assessment.speaker_role, index)
        elif (
            last_speaker is not None
            and index - last_speaker[2] <= _SPEAKER_MEMORY
            and " " in last_speaker[0]
            and not last_speaker[0].lower().startswith("the ")
            and _PRONOUN_ATTRIBUTION.search(sentences[index].text)
        ):
            assessment = replace(assessment, speaker=last_speaker[0], speaker_role=last_speaker[1])
        carried.append(assessment)
    return carried
