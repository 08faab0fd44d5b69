"""Acronyms an article defines inline ("the Rapid Support Forces (RSF)"), so "RSF" compares as what it stands for."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from engine.lexicon import ACRONYM_FILLERS
from engine.matching.text.tokens import content_tokens, fold

_ACRONYM_DEFINITION = re.compile(
    r"((?:[A-Z][\w'\u2019-]*|of|the|for|and|de|du|des|al|el)(?:\s+(?:[A-Z][\w'\u2019-]*|of|the|for|and|de|du|des|al|el)){1,9})"
    r"\s*\(\s*([A-Z][A-Za-z0-9&]{1,9})\s*\)"
)


def find_acronyms(text: str) -> dict[str, str]:
    """Acronyms defined inline, e.g. "Rapid Support Forces (RSF)" gives {"rsf": "rapid support forces"}."""
    found: dict[str, str] = {}
    for match in _ACRONYM_DEFINITION.finditer(text):
        words = match.group(1).split()
        acronym = match.group(2)
        letters = [ch for ch in acronym.lower() if ch.isalpha()]
        # Walk back from the parenthesis until the initials spell the acronym; fillers may be skipped.
        initials: list[str] = []
        chosen: list[str] = []
        for word in reversed(words):
            if len(initials) == len(letters):
                break
            chosen.append(word)
            if word.lower() in ACRONYM_FILLERS and word[0].islower():
                continue
            initials.append(word[0].lower())
        initials.reverse()
        chosen.reverse()
        while chosen and chosen[0].lower() in ACRONYM_FILLERS:
            chosen.pop(0)
        if initials == letters and chosen:
            found[fold(acronym)] = fold(" ".join(chosen))
    return found


def expand_acronyms(text_tokens: Iterable[str], acronyms: Mapping[str, str]) -> tuple[str, ...]:
    """Replace each defined acronym token by the tokens of its expansion."""
    if not acronyms:
        return tuple(text_tokens)
    expanded: list[str] = []
    for token in text_tokens:
        expansion = acronyms.get(token)
        if expansion is None:
            expanded.append(token)
        else:
            expanded.extend(content_tokens(expansion))
    return tuple(expanded)


_UPPER_TOKEN = re.compile(r"\b[A-Z][A-Za-z0-9&]{1,9}\b")


def spell_out(text: str, acronyms: Mapping[str, str]) -> str:
    """The text with each defined acronym it uses bare written out ("RSF fighters" -> "rapid support forces fighters").

    A definition in the text itself ("the Rapid Support Forces (RSF)") is left as written.
    """
    if not acronyms:
        return text

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        expansion = acronyms.get(fold(token))
        if expansion is None or (not token.isupper() and not any(ch.isupper() for ch in token[1:])):
            return token
        before = text[max(0, match.start() - 1) : match.start()]
        after = text[match.end() : match.end() + 1]
        if before == "(" and after == ")":
            return token
        return expansion

    return _UPPER_TOKEN.sub(replace, text)
