"""Carry a named speaker to the sentences that speak with their voice, as news prose means them.

Within one paragraph (a line of the source text), "he/she said" is the person named last, "they/it said" the
organisation or group named last; and every sentence of a quotation that runs over several sentences keeps the
speaker named anywhere in it ("“We will rebuild. It will take years,” she said." gives both sentences a speaker).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from engine.extraction.attribution import person_a_pronoun_may_mean
from engine.extraction.types import Assessment, Sentence
from engine.lexicon import NARROWING_PREPOSITIONS, SINGLE_PERSON_HEADS

# How far back a pronoun may reach, in sentences of the same paragraph.
_SPEAKER_MEMORY = 6
_PERSON_PRONOUNS = frozenset({"he", "she"})
_OPENING_QUOTES = frozenset({"“", '"', "«"})


def carry_speakers(
    sentences: Sequence[Sentence], content: list[int], assessments: list[Assessment], *, text: str | None = None
) -> list[Assessment]:
    """`assessments` of the `content` sentences with pronoun and quotation speakers resolved per paragraph.

    Paragraphs are read from the line breaks of `text` between sentences; without `text` it is one paragraph.
    """
    carried = list(assessments)
    for paragraph in _paragraphs(sentences, content, text):
        _resolve_pronouns(paragraph, content, carried, sentences)
        _fill_quotations(sentences, paragraph, content, carried)
    return carried


def _paragraphs(sentences: Sequence[Sentence], content: list[int], text: str | None) -> list[list[int]]:
    """Positions in `content`, grouped by paragraph."""
    groups: list[list[int]] = []
    for position, index in enumerate(content):
        if not groups:
            groups.append([position])
            continue
        previous = sentences[content[position - 1]]
        gap = text[previous.end : sentences[index].start] if text is not None else ""
        if "\n" in gap:
            groups.append([position])
        else:
            groups[-1].append(position)
    return groups


def _resolve_pronouns(
    paragraph: list[int], content: list[int], carried: list[Assessment], sentences: Sequence[Sentence]
) -> None:
    last_person: tuple[Assessment, int] | None = None
    last_other: tuple[Assessment, int] | None = None
    # The first person named in an earlier sentence that quotes nobody ("Julie Lawrence ... has defended the fee.
    # She said ..."): the antecedent when no person has spoken yet in the paragraph.
    last_named: tuple[Assessment, int] | None = None
    # Who each earlier sentence is about, parsed once however many pronouns after it ask.
    meant: dict[int, str] = {}
    for position in paragraph:
        assessment = carried[position]
        index = content[position]
        pronoun = assessment.speaker_pronoun
        if assessment.speaker and pronoun:
            # '“...,” he said, the BBC reports': "he" if the paragraph has named him, else the reporting outlet.
            resolved = _resolve(pronoun, index, last_person, last_other, last_named)
            if resolved is not None:
                carried[position] = _spoken_by(assessment, resolved)
                assessment = carried[position]
        if assessment.speaker:
            if assessment.speaker_is_person or _one_unnamed_person(assessment.speaker):
                last_person = (assessment, index)
            else:
                last_other = (assessment, index)
            continue
        if pronoun:
            resolved = _resolve(pronoun, index, last_person, last_other, last_named)
            found = ""
            if pronoun in _PERSON_PRONOUNS and _only_named(resolved, last_person, last_other):
                # No one has spoken yet in the paragraph: read the sentences before for who "he" or "she" is,
                # which the recogniser alone misses for unfamiliar names ("Conner subsequently vowed ...").
                found = _person_before(paragraph, content, sentences, position, meant)
            if found:
                carried[position] = replace(assessment, speaker=found, speaker_role="", speaker_is_person=True)
            elif resolved is not None:
                carried[position] = _spoken_by(assessment, resolved)
        if assessment.people:
            last_named = (assessment, index)


_Antecedent = tuple[Assessment, int]


def _only_named(resolved: Assessment | None, last_person: _Antecedent | None, last_other: _Antecedent | None) -> bool:
    """Whether a person pronoun found no speaker to refer to (nothing, or only a person named in passing)."""
    if resolved is None:
        return last_person is None and last_other is None
    return not resolved.speaker


def _person_before(
    paragraph: list[int], content: list[int], sentences: Sequence[Sentence], position: int, meant: dict[int, str]
) -> str:
    """The person a pronoun in `position` most likely means, from the nearest earlier sentence of the paragraph
    that names one (within the pronoun's reach); `meant` keeps each sentence's answer for the next pronoun."""
    earlier = [p for p in paragraph if p < position][-_SPEAKER_MEMORY:]
    for previous in reversed(earlier):
        if previous not in meant:
            meant[previous] = person_a_pronoun_may_mean(sentences[content[previous]].text)
        if meant[previous]:
            return meant[previous]
    return ""


def _resolve(
    pronoun: str,
    index: int,
    last_person: _Antecedent | None,
    last_other: _Antecedent | None,
    last_named: _Antecedent | None,
) -> Assessment | None:
    """The assessment whose speaker (or first person named) `pronoun` in sentence `index` refers to, if any."""
    if pronoun in _PERSON_PRONOUNS:
        # A capitalised speaker the NER did not call a person ("Tridevil said") is still the likeliest "she".
        named_other = last_other if last_other and last_other[0].speaker[:1].isupper() else None
        wanted = last_person or named_other or last_named
    else:
        wanted = last_other or last_person
    if wanted is None or index - wanted[1] > _SPEAKER_MEMORY:
        return None
    return wanted[0]


def _spoken_by(assessment: Assessment, source: Assessment) -> Assessment:
    if source.speaker:
        return replace(
            assessment,
            speaker=source.speaker,
            speaker_role=source.speaker_role,
            speaker_is_person=source.speaker_is_person,
        )
    # a person named, not quoted
    return replace(assessment, speaker=source.people[0], speaker_role="", speaker_is_person=True)


# Words that start what narrows an unnamed speaker down after its noun, as attribution keeps it ("source close to X").
_NARROWING_WORDS = NARROWING_PREPOSITIONS | {"close", "familiar"}


def _one_unnamed_person(speaker: str) -> bool:
    """ "one former senior intelligence official", "a witness": a lower-case speaker who is one person."""
    words = speaker.lower().split()
    # "source close to First Look", "official in the ministry": the noun before what narrows it down is the head.
    cut = next((i for i, word in enumerate(words) if i and word in _NARROWING_WORDS), len(words))
    return bool(words) and speaker[:1].islower() and words[cut - 1] in SINGLE_PERSON_HEADS


def _fill_quotations(
    sentences: Sequence[Sentence], paragraph: list[int], content: list[int], carried: list[Assessment]
) -> None:
    inside = False
    run: list[int] = []
    previous_quoted: int | None = None
    for position in paragraph:
        sentence = sentences[content[position]].text
        starts_inside = inside
        inside = _inside_after(sentence, inside)
        if starts_inside or inside:
            run.append(position)
        # "“...,” said Maria Ortiz. “More quoted words.”": a quotation straight after an attributed one continues it.
        if sentence[:1] in _OPENING_QUOTES and previous_quoted is not None and not carried[position].speaker:
            _share_speaker([previous_quoted, position], carried)
        previous_quoted = position if any(mark in sentence for mark in _OPENING_QUOTES) else None
        if not inside:
            if len(run) > 1:
                _share_speaker(run, carried)
            run = []
    if len(run) > 1:
        _share_speaker(run, carried)


def _inside_after(text: str, inside: bool) -> bool:
    """Whether a quotation is still open after `text`, given whether one was open before it."""
    for character in text:
        if character in "“«":
            inside = True
        elif character in "”»":
            inside = False
        elif character == '"':
            inside = not inside
    return inside


def _share_speaker(run: list[int], carried: list[Assessment]) -> None:
    source = next((carried[p] for p in run if carried[p].speaker), None)
    if source is None:
        return
    for position in run:
        if not carried[position].speaker:
            carried[position] = replace(
                carried[position],
                speaker=source.speaker,
                speaker_role=source.speaker_role,
                speaker_is_person=source.speaker_is_person,
            )
