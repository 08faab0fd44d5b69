"""Text folding so that spelling variants of one name compare equal.

Outlets spell the same name differently ("al-Shabaab"/"al-Shabab", "Kyiv"/"Kiev", "Qaddafi"/"Gaddafi"), add or
drop diacritics and define acronyms inline ("the Rapid Support Forces (RSF)"). Lexical features are computed on
folded tokens so none of that reads as a difference between two reports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

# Joiners inside names: removing them makes "al-Shabaab", "al Shabaab" (after alias) and "alShabaab" one token.
_JOINERS = re.compile(r"(?<=\w)[-\u2010\u2011\u2012\u2013'\u2019\u2018`\u02bc](?=\w)")
_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_ACRONYM_DEFINITION = re.compile(
    r"((?:[A-Z][\w'\u2019-]*|of|the|for|and|de|du|des|al|el)(?:\s+(?:[A-Z][\w'\u2019-]*|of|the|for|and|de|du|des|al|el)){1,9})"
    r"\s*\(\s*([A-Z][A-Za-z0-9&]{1,9})\s*\)"
)
_ACRONYM_FILLERS = frozenset({"of", "the", "for", "and", "de", "du", "des", "al", "el"})

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "can",
        "will",
        "just",
        "should",
        "now",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "would",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "it",
        "its",
        "itself",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "theirs",
        "we",
        "us",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "which",
        "what",
        "as",
        "also",
        "said",
        "says",
        "told",
        "according",
        "while",
        "since",
        "until",
        "because",
        "s",
        "t",
    ]
)

# Negation cues are content for matching purposes: dropping them would make "did not resign" equal "resigned".
NEGATIONS = frozenset({"no", "not", "never", "none", "nobody", "nothing", "neither", "nor", "without", "nt", "cannot"})

# Well-known exonym/transliteration pairs that edit distance alone does not catch (Kiev vs Kyiv differ in 2 of 4).
_ALIASES: dict[str, str] = {
    "kiev": "kyiv",
    "odessa": "odesa",
    "kharkov": "kharkiv",
    "lvov": "lviv",
    "lugansk": "luhansk",
    "nikolaev": "mykolaiv",
    "mykolayiv": "mykolaiv",
    "zaporozhye": "zaporizhzhia",
    "zaporizhia": "zaporizhzhia",
    "peking": "beijing",
    "bombay": "mumbai",
    "calcutta": "kolkata",
    "madras": "chennai",
    "burma": "myanmar",
    "rangoon": "yangon",
    "gaddafi": "qaddafi",
    "kadhafi": "qaddafi",
    "gadhafi": "qaddafi",
    "qadhafi": "qaddafi",
    "qaida": "qaeda",
    "alqaida": "alqaeda",
    "hizbollah": "hezbollah",
    "hizballah": "hezbollah",
    "muhammad": "mohammed",
    "mohammad": "mohammed",
    "muhammed": "mohammed",
    "mohamed": "mohammed",
    "alshabab": "alshabaab",
    "shabab": "shabaab",
    "usa": "us",
    "uk": "britain",
}

# Written-out numbers are normalised so "three" and "3" agree; the parser in facts.py reads larger compounds.
NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip diacritics and join hyphen/apostrophe-split names."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _JOINERS.sub("", stripped).lower()


def canonical_token(token: str) -> str:
    token = _ALIASES.get(token, token)
    if token.isdigit() or "," in token:
        return token.replace(",", "")
    number = NUMBER_WORDS.get(token)
    if number is not None:
        return str(number)
    return token


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Every folded, canonical token in order (stopwords kept), for n-gram overlap."""
    return tuple(canonical_token(token) for token in _TOKEN.findall(fold(text)))


@lru_cache(maxsize=65536)
def content_tokens(text: str) -> tuple[str, ...]:
    return tuple(token for token in tokens(text) if token not in STOPWORDS or token in NEGATIONS)


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
            if word.lower() in _ACRONYM_FILLERS and word[0].islower():
                continue
            initials.append(word[0].lower())
        initials.reverse()
        chosen.reverse()
        while chosen and chosen[0].lower() in _ACRONYM_FILLERS:
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


def tokens_match(left: str, right: str) -> bool:
    """Equal, or a close spelling variant of a longer word (transliterations, British/American spelling)."""
    if left == right:
        return True
    if left.isdigit() or right.isdigit() or min(len(left), len(right)) < 5:
        return False
    return _similar_spelling(left, right)


@lru_cache(maxsize=131072)
def _similar_spelling(left: str, right: str) -> bool:
    return left[0] == right[0] and jaro_winkler(left, right) >= 0.92


def jaro_winkler(left: str, right: str, prefix_weight: float = 0.1) -> float:
    """Jaro-Winkler similarity: tolerant of the doubled or swapped letters transliterations differ by."""
    if left == right:
        return 1.0
    window = max(0, max(len(left), len(right)) // 2 - 1)
    left_matched = [False] * len(left)
    right_matched = [False] * len(right)
    matches = 0
    for i, ch in enumerate(left):
        for j in range(max(0, i - window), min(len(right), i + window + 1)):
            if not right_matched[j] and right[j] == ch:
                left_matched[i] = right_matched[j] = True
                matches += 1
                break
    if matches == 0:
        return 0.0
    left_order = [ch for ch, matched in zip(left, left_matched, strict=True) if matched]
    right_order = [ch for ch, matched in zip(right, right_matched, strict=True) if matched]
    transpositions = sum(a != b for a, b in zip(left_order, right_order, strict=True)) / 2
    jaro = (matches / len(left) + matches / len(right) + (matches - transpositions) / matches) / 3
    prefix = 0
    for a, b in zip(left[:4], right[:4], strict=False):
        if a != b:
            break
        prefix += 1
    return jaro + prefix * prefix_weight * (1 - jaro)


def fuzzy_overlap(left: Iterable[str], right: Iterable[str]) -> int:
    """How many distinct tokens of `left` have an equal or near-equal token in `right`."""
    left_set, right_set = set(left), set(right)
    exact = left_set & right_set
    count = len(exact)
    # Only long, unmatched words can be spelling variants; group them by initial to skip hopeless pairs.
    by_initial: dict[str, list[str]] = {}
    for token in right_set - exact:
        if len(token) >= 5 and not token.isdigit():
            by_initial.setdefault(token[0], []).append(token)
    if not by_initial:
        return count
    for token in left_set - exact:
        candidates = by_initial.get(token[0], ()) if len(token) >= 5 and not token.isdigit() else ()
        if any(_similar_spelling(token, other) for other in candidates):
            count += 1
    return count


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
_ORGANISATION_HEADS = frozenset({"forces", "front", "army", "movement", "group", "brigades", "militia", "party"})
_NOT_REFERENTS = frozenset({"the", "a", "an", "security", "government", "police", "army", "local"})


def main_armed_group(text: str) -> str | None:
    """The group an article keeps naming, which its "the militant group" most likely refers to."""
    counts: dict[str, int] = {}
    for pattern in _REFERENT_PATTERNS:
        for match in pattern.finditer(text):
            name = match.group(1)
            key = fold(name)
            if key.split()[0] in _NOT_REFERENTS:
                continue
            counts[name] = counts.get(name, 0) + 1
    for expansion in find_acronyms(text).values():
        # "Rapid Support Forces (RSF)": an organisation defined up front is what "the paramilitary group" means.
        if expansion.split()[-1] in _ORGANISATION_HEADS:
            counts[expansion] = counts.get(expansion, 0) + 2
    if not counts:
        return None
    return max(counts.items(), key=lambda item: item[1])[0]


def resolve_descriptors(text: str, referent: str | None) -> str:
    """Replace "the militant group" and the like by the group's name, for lexical comparison only."""
    if not referent:
        return text
    return _DESCRIPTORS.sub(referent, text)
