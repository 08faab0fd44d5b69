"""The armed group an article keeps naming, so its "the militant group" compares lexically as that name."""

from __future__ import annotations

import re

from engine.lexicon import NOT_REFERENTS, ORGANISATION_HEADS
from engine.matching.text.acronyms import find_acronyms
from engine.matching.text.tokens import fold

_NAME_PHRASE = r"((?:(?:al|el|ad|as)-)?[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,3})"
_REFERENT_PATTERNS = (
    re.compile(_NAME_PHRASE + r"\s+(?:militants|fighters|militia|militiamen|rebels|insurgents|paramilitaries)\b"),
    re.compile(r"\b(?i:gunmen|fighters|militants|members|rebels)\s+(?:from|of)\s+(?:the\s+)?" + _NAME_PHRASE),
    re.compile(
        r"\b(?i:militant|armed|rebel|jihadist|extremist|islamist|paramilitary|insurgent)\s+group\s+" + _NAME_PHRASE
    ),
    re.compile(_NAME_PHRASE + r"\s+(?:claimed|said it carried out)\s+responsibility"),
)
_DESCRIPTORS = re.compile(
    r"\b(?:the|its)\s+(?:(?:militant|armed|rebel|jihadist|extremist|islamist|paramilitary|insurgent|al-qaeda-linked|"
    r"al-qaeda-affiliated)\s+)?(?:group|militants|insurgents|rebels|paramilitaries|fighters|militia)\b",
    re.IGNORECASE,
)


def main_armed_group(text: str) -> str | None:
    """The group an article keeps naming, which its "the militant group" most likely refers to."""
    counts: dict[str, int] = {}
    for pattern in _REFERENT_PATTERNS:
        for match in pattern.finditer(text):
            name = match.group(1)
            key = fold(name)
            if key.split()[0] in NOT_REFERENTS:
                continue
            counts[name] = counts.get(name, 0) + 1
    for expansion in find_acronyms(text).values():
        # "Rapid Support Forces (RSF)": an organisation defined up front is what "the paramilitary group" means.
        if expansion.split()[-1] in ORGANISATION_HEADS:
            counts[expansion] = counts.get(expansion, 0) + 2
    if not counts:
        return None
    return max(counts.items(), key=lambda item: item[1])[0]


def resolve_descriptors(text: str, referent: str | None) -> str:
    """Replace "the militant group" and the like by the group's name, for lexical comparison only."""
    if not referent:
        return text
    return _DESCRIPTORS.sub(referent, text)
