"""The short form of a claim that ClaimReview's `claimReviewed` carries: at most 75 characters, deterministic.

Search engines show `claimReviewed` as a one-line summary (Google asks for fewer than 75 characters), so the
sentence is shortened by rules a reader can follow, never by a model:

1. whitespace is normalised and a leading dateline such as "(CNN) --" dropped;
2. the attribution goes ("Officials said that X" -> "X"; "X, the ministry said on Monday." -> "X."; "According to
   the BBC, X" -> "X"): who said it is ClaimReview's `itemReviewed.author`, not part of the claim;
3. a sentence still too long keeps its first clauses up to the limit, or else its first words, and ends with an
   ellipsis at a word boundary, never in the middle of a word nor on a dangling "the" or "of".

The same text always gives the same short form; the full sentence stays in ClaimReview beside it.
"""

from __future__ import annotations

import re

from engine.lexicon import AUXILIARIES, CALENDAR_WORDS, DANGLING_WORDS, REPORTING_VERB_FORMS

MAX_LENGTH = 75
ELLIPSIS = "…"

# Attribution is a few words: a longer run before or after a reporting verb is more likely part of the claim.
_MAX_SPEAKER_WORDS = 8
_MAX_TRAILING_WORDS = 14
# A clause cut keeps at least this much of the sentence, or it would say too little to be recognised.
_MIN_CLAUSE_KEEP = 35

_QUOTES = "\"'“”‘’«»"
_DATELINE = re.compile(r"^(?:\([A-Z][\w .&-]{0,30}\)|[A-Z][A-Z .,&-]{2,40})\s*(?:--|—|–|-)\s+")
_ACCORDING_TO = re.compile(r"^according to [^,;:]{1,80}?,\s+", re.IGNORECASE)
_WORD = re.compile(r"[\w'’.-]+")
# What may follow a reporting verb in a trailing attribution: "said on Monday", "said in a statement".
_AFTER_VERB_OPENERS = (
    frozenset({"on", "in", "at", "to", "last", "this", "late", "earlier", "yesterday", "today", "tonight", "recently"})
    | CALENDAR_WORDS
)
_TELL_FORMS = frozenset({"tell", "tells", "told", "telling"})
_MAX_AUDIENCE_WORDS = 5
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "there", "this", "that"})
_RELATIVES = frozenset({"who", "which", "that", "whose", "whom"})
_CLAUSE_BREAK = re.compile(r"(?:[,;:]|\s[—–]|\s-)\s")


def short_claim(text: str, *, limit: int = MAX_LENGTH) -> str:
    """Shorten `text` to at most `limit` characters by the rules above."""
    if limit < 10:
        raise ValueError("A short form needs room for a few words: limit must be at least 10.")
    sentence = " ".join(text.split())
    sentence = _DATELINE.sub("", sentence)
    stripped = _tidy(_strip_attribution(sentence))
    sentence = stripped or _tidy(sentence)
    if len(sentence) <= limit:
        return sentence
    return _cut(sentence, limit)


def _strip_attribution(sentence: str) -> str:
    final = sentence[-1] if sentence and sentence[-1] in ".!?" else ""
    body = _strip_trailing_attribution(sentence)
    body = _strip_leading_attribution(body)
    if body == sentence:
        return sentence
    body = body.rstrip(" ,;:-—–")
    # A quotation that was the whole claim ("'We offer ...,' the spokeswoman said") loses its now-empty frame.
    if len(body) > 2 and body[0] in _QUOTES and body[-1] in _QUOTES and not _has_inner_quote(body):
        body = body[1:-1].rstrip(" ,;:")
    elif body and body[-1] in _QUOTES and body.count(body[-1]) == 1 and body[-1] in '”’"':
        body = body[:-1].rstrip(" ,;:")
    if body and body[-1] not in ".!?" + _QUOTES:
        body += final or "."
    return body


def _has_inner_quote(body: str) -> bool:
    return any(mark in body[1:-1] for mark in '"“”')


def _strip_trailing_attribution(sentence: str) -> str:
    """Drop ", the ministry said on Monday." or ", said X, a researcher who ..." or ", according to X." at the end."""
    for match in re.finditer(r",[\"”’']?\s+", sentence):
        head, tail = sentence[: match.start()], sentence[match.end() :]
        if len(head) < 15:
            continue
        words = _words(tail)
        if not words:
            continue
        # ", said Charlie Cooper, a researcher ..." and ", according to X": the rest is all attribution (but in
        # "The woman, who ..., said she had no idea" the claim follows the verb).
        if tail.lower().startswith("according to") or (words[0] in REPORTING_VERB_FORMS and _names_next(tail)):
            return head + _closing_quote(sentence, match)
        if len(words) > _MAX_TRAILING_WORDS:
            continue
        verb_at = next((i for i, w in enumerate(words) if w in REPORTING_VERB_FORMS), None)
        if verb_at is None or verb_at == 0 or verb_at > _MAX_SPEAKER_WORDS:
            continue
        after = words[verb_at + 1 :]
        # "..., he told Galveston Daily News." names the audience after the verb.
        told_whom = words[verb_at] in _TELL_FORMS and len(after) <= _MAX_AUDIENCE_WORDS
        if not after or told_whom or after[0] in _AFTER_VERB_OPENERS or " ".join(after[:2]) == "according to":
            return head + _closing_quote(sentence, match)
    return sentence


def _names_next(tail: str) -> bool:
    """The word after a leading reporting verb is a name ("said Charlie Cooper"), not the claim's subject."""
    following = tail.split()[1:2]
    if not following:
        return True
    word = following[0].strip(_QUOTES + ",.")
    return word[:1].isupper() and word.lower() not in _PRONOUNS


def _closing_quote(sentence: str, match: re.Match[str]) -> str:
    # `"... trailers," the spokeswoman said.` keeps the closing quote that sat after the comma.
    mark = sentence[match.start() + 1 : match.start() + 2]
    return mark if mark in _QUOTES else ""


def _strip_leading_attribution(sentence: str) -> str:
    """Drop "According to X, ", "X said (that) " and "X told Y that " at the start."""
    according = _ACCORDING_TO.match(sentence)
    if according and len(sentence) - according.end() >= 15:
        return _capitalise(sentence[according.end() :])
    words = list(_WORD.finditer(sentence))
    for index, word in enumerate(words[: _MAX_SPEAKER_WORDS + 1]):
        if word.group().lower().rstrip(".") not in REPORTING_VERB_FORMS:
            continue
        speaker = _words(sentence[: word.start()])
        # "The FBI has questioned a man who says ..." and "The service is said to ...": not a speaker before a verb.
        if (
            index == 0
            or any(mark in sentence[: word.start()] for mark in ",;:" + _QUOTES)
            or any(w in AUXILIARIES or w in _RELATIVES for w in speaker)
        ):
            return sentence
        rest = sentence[word.end() :]
        # "said: 'The dog ...'" and "said the force ..." and "said that ..." and "told Lebanon's MTV that ..."
        that = re.match(r"^(?:[^,;:\"“]{0,60}?\s)?that\s+", rest.lstrip(" :,")) if index > 0 else None
        if that:
            rest = rest.lstrip(" :,")[that.end() :]
        elif rest.startswith((":", ",")):
            rest = rest[1:]
        elif word.group().lower() not in {"said", "says", "say", "added", "adds", "noted", "notes", "warned"}:
            return sentence
        rest = rest.strip()
        if len(rest) < 15:
            return sentence
        if rest[0] in _QUOTES and rest.count(rest[0]) + rest.count(_pair(rest[0])) == 1:
            rest = rest[1:]
        return _capitalise(rest)
    return sentence


def _words(text: str) -> list[str]:
    return [w.lower().strip(".") for w in _WORD.findall(text) if w.strip(".")]


def _pair(mark: str) -> str:
    return {"“": "”", "‘": "’", "«": "»"}.get(mark, mark)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip()


def _cut(sentence: str, limit: int) -> str:
    """The longest clause-or-word prefix that fits with its ellipsis, without a dangling function word."""
    room = limit - len(ELLIPSIS)
    best = ""
    # A clause cut that keeps too little ("The child's mother, who is also in custody…") loses the main verb.
    shortest = max(_MIN_CLAUSE_KEEP, room * 2 // 3)
    for match in _CLAUSE_BREAK.finditer(sentence):
        if shortest <= match.start() <= room:
            best = sentence[: match.start()]
    if not best:
        cut = sentence.rfind(" ", 0, room + 1)
        best = sentence[:cut] if cut > 0 else sentence[:room]
    best = _drop_dangling(best).rstrip(" ,;:-—–") or sentence[:room]
    # A quotation whose closing mark was cut off loses its opening mark too.
    if best[0] in _QUOTES and _pair(best[0]) not in best[1:]:
        best = best[1:]
    return best + ELLIPSIS


def _drop_dangling(text: str) -> str:
    words = text.rstrip(" ,;:-—–").split(" ")
    while len(words) > 3 and words[-1].lower().strip(_QUOTES + "(") in DANGLING_WORDS:
        words.pop()
    return " ".join(words)
