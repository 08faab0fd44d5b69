"""Who asserts a sentence: "Police spokeswoman Maria Ortiz said ..." -> ("Maria Ortiz", "police spokeswoman").

Rules cover the three shapes news writing uses almost exclusively: subject before the speech verb, the inverted
"..., said NAME, a ROLE." and "according to X". Pronoun subjects give no speaker; the caller may carry the
previous named speaker over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.lexicon import (
    CALENDAR_WORDS,
    INSTITUTION_WORDS,
    NAME_RUN_FUNCTION_WORDS,
    ROLE_WORDS,
    SPEAKER_PRONOUNS,
    SPEECH_VERBS,
)

_SPEECH_VERBS = "(?:" + "|".join(SPEECH_VERBS) + ")"
_NAME_TOKEN = r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|[A-Z]\.|Mc[A-Z][a-z]+|[A-Z][a-z]*[A-Z][a-z]+)"
_NAME = rf"{_NAME_TOKEN}(?:\s(?:de\s|van\s|von\s|al-|bin\s)?{_NAME_TOKEN}){{1,3}}"
_ROLE_WORD = r"(?:[A-Za-z][\w'’.-]*)"
# Subject ending right before the speech verb: optional role words then a name, e.g. "Police spokeswoman Maria Ortiz".
_SUBJECT_BEFORE_VERB = re.compile(
    rf"(?P<subject>(?:{_ROLE_WORD}\s){{0,6}}?(?P<name>{_NAME}))(?:,\s[^,]{{1,80}},)?\s{_SPEECH_VERBS}\b"
)
# Subject that is an institution or group: "the Health Ministry said", "Police said", "officials told".
_GROUP_BEFORE_VERB = re.compile(
    rf"(?P<group>(?:[Tt]he\s)?(?:[A-Z][\w'’.-]*\s){{0,4}}"
    rf"(?:[Mm]inistry|[Pp]olice|[Oo]fficials|[Gg]overnment|[Aa]uthorities|[Dd]epartment|[Cc]ouncil|[Aa]gency"
    rf"|[Cc]ompany|[Aa]rmy|[Mm]ilitary|[Cc]ourt|[Cc]ommission|[Ss]pokes(?:man|woman|person)|[Oo]ffice"
    rf"|[Ss]tatement|[Rr]eport|[Ss]tudy|[Rr]esearchers|[Ee]xperts|[Ww]itnesses|[Rr]esidents|[Ss]cientists|[Aa]nalysts"
    rf"|[Ee]conomists|[Dd]octors|[Cc]ritics|[Aa]ctivists|[Oo]bservers|[Ll]awyers|[Pp]rosecutors|[Ii]nvestigators|[Bb]ank|[Uu]nion"
    rf"|[Ff]ederation|[Ii]nstitute|[Uu]niversity|[A-Z]{{2,6}}))\s(?:has\s|have\s|had\s)?{_SPEECH_VERBS}\b"
)
# Inverted attribution: `..., said Maria Ortiz, a police spokeswoman.` or `said police spokeswoman Maria Ortiz`.
_VERB_BEFORE_SUBJECT = re.compile(
    rf"{_SPEECH_VERBS}\s(?P<prerole>(?:[a-z][\w'’-]*\s|[A-Z][\w'’.-]*\s){{0,5}}?)(?P<name>{_NAME})"
    rf"(?:,\s(?:an?\s|the\s)?(?P<role>[^,.;:\"“”]{{2,80}}))?"
)
_ACCORDING_TO = re.compile(
    rf"[Aa]ccording\sto\s(?:(?P<prerole>(?:[a-z][\w'’-]*\s|[A-Z][\w'’.-]*\s){{0,5}}?)(?P<name>{_NAME})"
    rf"(?:,\s(?:an?\s|the\s)?(?P<role>[^,.;:\"“”]{{2,80}}))?|(?P<source>[^,.;:\"“”]{{2,80}}))"
)
_NAME_STOPWORDS = NAME_RUN_FUNCTION_WORDS | CALENDAR_WORDS


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str
    role: str


NO_ATTRIBUTION = Attribution("", "")


def find_attribution(text: str) -> Attribution:
    """Return the asserted speaker and role of `text`, or empty strings when it names none."""
    text = text[:2000]  # attribution sits near the ends; a bound keeps pathological input cheap
    for finder in (_according_to, _inverted, _subject_first, _group_first):
        found = finder(text)
        if found is not None:
            return found
    return NO_ATTRIBUTION


def _according_to(text: str) -> Attribution | None:
    match = _ACCORDING_TO.search(text)
    if match is None:
        return None
    name = _clean_name(match.group("name") or "")
    if name and not _is_institution(name):
        role = (match.group("role") or "").strip()
        if not _looks_like_role(role):
            role = _role_before(match.group(0), name, match.group("prerole") or "")
        return Attribution(name, _normalise_role(role))
    source = _trim_source(re.split(r"[,.;:\"“”]", text[match.start() + len("according to ") :], maxsplit=1)[0])
    if not source or source.split()[0].lower() in SPEAKER_PRONOUNS:
        return None
    return Attribution(_lower_article(source), "")


def _inverted(text: str) -> Attribution | None:
    for match in _VERB_BEFORE_SUBJECT.finditer(text):
        name = _clean_name(match.group("name"))
        if not name:
            continue
        role = (match.group("role") or "").strip()
        if not role or not _looks_like_role(role):
            role = _role_before(match.group(0), name, match.group("prerole"))
        if role.lower() in {"the", "a", "an"}:
            role = ""
        return Attribution(name, _normalise_role(role))
    return None


def _subject_first(text: str) -> Attribution | None:
    for match in _SUBJECT_BEFORE_VERB.finditer(text):
        name = _clean_name(match.group("name"))
        if not name:
            continue
        subject = match.group("subject")
        prefix = subject[: subject.rfind(name)] if name in subject else ""
        role_words = prefix.split()
        # Keep only the role words that sit directly before the name, after any clause opener ("On Monday, ...").
        kept: list[str] = []
        for word in reversed(role_words):
            if word.endswith(",") or word.lower() in {"and", "but", "that", "when", "as", "while", "said"}:
                break
            kept.insert(0, word)
        while kept and kept[0].lower() in {"the", "a", "an"}:
            kept = kept[1:]
        role = " ".join(kept)
        appositive = re.match(r",\s(?:an?\s|the\s)?([^,]{1,80}),", text[match.end("name") :])
        if not role and appositive and _looks_like_role(appositive.group(1)):
            role = appositive.group(1)
        return Attribution(name, _normalise_role(role))
    return None


def _group_first(text: str) -> Attribution | None:
    match = _GROUP_BEFORE_VERB.search(text)
    if match is None:
        return None
    group = match.group("group").strip()
    if group.split()[0].lower() in {"a", "an"}:
        return None
    return Attribution(_lower_article(group), "")


def _lower_article(phrase: str) -> str:
    return "the" + phrase[3:] if phrase.startswith("The ") else phrase


def _is_institution(name: str) -> bool:
    return any(word.lower() in INSTITUTION_WORDS for word in name.split())


def _role_before(matched: str, name: str, prerole: str) -> str:
    """Words between the verb and the name, plus any role words the name pattern swallowed."""
    head = matched[: matched.rfind(name)] if name in matched else prerole
    words = head.split()
    kept: list[str] = []
    for word in reversed(words):
        if word.lower() in {"to", "according"} or re.fullmatch(_SPEECH_VERBS, word):
            break
        kept.insert(0, word)
    while kept and kept[0].lower() in {"the", "a", "an"}:
        kept = kept[1:]
    return " ".join(kept)


def _clean_name(name: str) -> str:
    tokens = name.split()
    while tokens and tokens[0].lower().rstrip(".") in _NAME_STOPWORDS | ROLE_WORDS:
        tokens = tokens[1:]
    if len(tokens) < 2 and not (tokens and len(tokens[0]) > 2):
        return ""
    if len(tokens) < 2:
        return ""
    return " ".join(tokens)


def _looks_like_role(phrase: str) -> bool:
    words = phrase.lower().split()
    bare = [word.removesuffix("'s").removesuffix("’s") for word in words]
    return bool(words) and len(words) <= 8 and any(word in ROLE_WORDS for word in bare)


def _normalise_role(role: str) -> str:
    role = role.strip(" ,")
    if role.lower() in {"", "the", "a", "an"}:
        return ""
    # Abbreviated titles keep their case ("Lt. Gov."); common role words read better lowercased.
    words = [w.lower() if w.lower() in ROLE_WORDS else w for w in role.split()]
    return " ".join(words)


def _trim_source(source: str) -> str:
    source = source.strip()
    # "according to the Health Ministry on Monday" -> "the Health Ministry"
    cut = re.search(r"\s(?:on|in|at|which|who|that|as|last|this|since|from)\s", source)
    if cut:
        source = source[: cut.start()]
    return source.strip()
