"""Names in a sentence, sorted into people, organisations and places by the words and titles around them."""

from __future__ import annotations

import re

from engine.lexicon import NOT_NAME_WORDS, ORGANISATION_NAME_WORDS, PERSON_TITLES, PLACE_NAME_WORDS

# Capitalised runs: "Maria Ortiz", "J. R. Smith", "the Health Ministry", "U.N.". Bounded at five tokens.
_NAME_TOKEN = r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?\b|[A-Z]\.(?:[A-Z]\.)*|[A-Z]{2,6}\b|Mc[A-Z][a-z]+\b)"
# "NAIROBI, Kenya (Reuters) - " opens wire copy; what follows it is the real start of the sentence.
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}(?:,\s[A-Z][\w .'’-]{1,30})?\s(?:\([^)]{1,40}\)\s)?[-—–]+\s")
NAME_RUN = re.compile(rf"\b{_NAME_TOKEN}(?:\s(?:of\s(?:the\s)?|de\s|van\s|al-)?{_NAME_TOKEN}){{0,4}}")
# What may precede a capitalised word that is capitalised only because a (quoted) sentence starts there.
_SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?:]['\"”’]?)\s*['\"“‘(]?\s*$")


def find_names(text: str) -> tuple[list[str], list[str], list[str]]:
    """(people, organisations, places) named in `text`, after any wire-copy dateline."""
    dateline = DATELINE.match(text)
    if dateline:
        text = text[dateline.end() :]
    people: list[str] = []
    organisations: list[str] = []
    places: list[str] = []
    for match in NAME_RUN.finditer(text):
        tokens = match.group(0).split()
        # Drop sentence-initial function words and titles so "The Health Ministry" -> "Health Ministry".
        while tokens and tokens[0].lower().rstrip(".") in NOT_NAME_WORDS:
            tokens = tokens[1:]
        had_title = False
        while tokens and tokens[0].lower().rstrip(".") in PERSON_TITLES:
            tokens = tokens[1:]
            had_title = True
        if not tokens or all(t.lower().rstrip(".") in NOT_NAME_WORDS for t in tokens):
            continue
        name = " ".join(tokens)
        lowered = {t.lower().rstrip(".") for t in tokens}
        at_start = match.start() == 0 or _SENTENCE_START_BEFORE.search(text, 0, match.start()) is not None
        if lowered & ORGANISATION_NAME_WORDS or (len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1):
            organisations.append(name)
        elif lowered & PLACE_NAME_WORDS:
            places.append(name)
        elif had_title or (len(tokens) >= 2 and all(t[0].isupper() and not t.isupper() for t in tokens)):
            people.append(name)
        elif not at_start or len(tokens) > 1:
            places.append(name)  # a lone capitalised word mid-sentence is most often a place or a thing
    return people, organisations, places
