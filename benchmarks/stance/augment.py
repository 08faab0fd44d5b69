"""Stance pairs made from real news sentences (MRPC train, FNC-1 train bodies) by small, labelled edits.

supports:    a sentence vs itself; vs its MRPC paraphrase (both ways); vs itself with a clause or the attribution
             dropped (premise = full sentence); a name written as its defined acronym or usual short form.
contradicts: the same sentence with a number changed, a weekday or month changed, a negation inserted or removed,
             a verb or adjective swapped for its antonym, a different country/city or a different person named.
related:     two other sentences of the same FNC-1 body (same story, different facts).

Each edit either applies cleanly or is skipped; the edited side (premise or hypothesis) is drawn at random for the
symmetric contradiction edits, so the model cannot learn "the shorter or stranger side is the claim".
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

from stance_data import CONTRADICTS, RELATED, SUPPORTS, StancePair, split_sentences

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty", "hundred")
ANTONYMS = {
    "rose": "fell",
    "rises": "falls",
    "rise": "fall",
    "risen": "fallen",
    "increased": "decreased",
    "increase": "decrease",
    "increases": "decreases",
    "raised": "lowered",
    "gained": "lost",
    "won": "lost",
    "wins": "loses",
    "approved": "rejected",
    "accepted": "rejected",
    "higher": "lower",
    "opened": "closed",
    "convicted": "acquitted",
    "confirmed": "denied",
    "confirms": "denies",
    "allowed": "banned",
    "bought": "sold",
    "hired": "fired",
    "supported": "opposed",
    "supports": "opposes",
    "arrested": "released",
    "guilty": "innocent",
    "largest": "smallest",
    "highest": "lowest",
    "biggest": "smallest",
    "more": "fewer",
    "before": "after",
    "strong": "weak",
    "first": "last",
    "true": "false",
    "alive": "dead",
    "survived": "died",
    "success": "failure",
    "agreed": "refused",
    "began": "ended",
    "started": "stopped",
    "passed": "failed",
    "profit": "loss",
    "boost": "cut",
    "expanded": "shrank",
    "strengthened": "weakened",
}
ANTONYMS.update({value: key for key, value in list(ANTONYMS.items()) if value not in ANTONYMS})
PLACES = (
    "United States",
    "Britain",
    "France",
    "Germany",
    "China",
    "Japan",
    "Russia",
    "India",
    "Canada",
    "Australia",
    "Mexico",
    "Brazil",
    "Italy",
    "Spain",
    "Iraq",
    "Iran",
    "Israel",
    "Syria",
    "Egypt",
    "Pakistan",
    "Afghanistan",
    "Turkey",
    "Nigeria",
    "Ukraine",
    "South Korea",
    "North Korea",
    "Saudi Arabia",
    "London",
    "Paris",
    "New York",
    "Washington",
    "Beijing",
    "Moscow",
    "Tokyo",
    "Berlin",
    "Baghdad",
    "Chicago",
    "Los Angeles",
    "Sydney",
    "Toronto",
    "California",
    "Texas",
    "Florida",
    "Ohio",
    "Georgia",
)
SHORT_FORMS = {
    "United States": "U.S.",
    "United Nations": "UN",
    "European Union": "EU",
    "United Kingdom": "UK",
    "Federal Bureau of Investigation": "FBI",
    "Central Intelligence Agency": "CIA",
    "World Health Organization": "WHO",
    "National Aeronautics and Space Administration": "NASA",
    "Securities and Exchange Commission": "SEC",
    "Islamic State": "IS",
    "North Atlantic Treaty Organization": "NATO",
    "Federal Reserve": "Fed",
    "New York Stock Exchange": "NYSE",
    "Food and Drug Administration": "FDA",
    "Democratic Party": "Democrats",
    "Republican Party": "Republicans",
}
_FIRST_NAMES_TEXT = (
    "John David Michael James Robert William Richard Thomas Mark Paul Peter George Steven Daniel Charles "
    "Joseph Kevin Brian Jeff Scott Chris Tony Mary Sarah Jennifer Elizabeth Susan Karen Lisa Anna Laura "
    "Emma Barack Hillary Bill Vladimir Tom Jim Joe Bob Jack Ben Sam Mike Andrew Martin Howard Gray Al "
    "Dick Colin Donald Kim Ali "
)
FIRST_NAMES = frozenset(_FIRST_NAMES_TEXT.split())
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")
_NAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
_ACRONYM = re.compile(r"\b((?:[A-Z][a-z]+ )(?:(?:of|and|for|the) |[A-Z][a-z]+ ){1,5}[A-Z][a-z]+) \(([A-Z]{2,6})\)")
_NEGATABLE = re.compile(r"\b(is|are|was|were|will|would|has|have|had|can|could|should|did|does|do)\b ")
_NEGATED = re.compile(r"\b(is|are|was|were|will|would|has|have|had|could|should|did|does|do) not\b |\b(\w+)n't\b")
_CONTRACTIONS = {"won": "will", "can": "can", "don": "do", "doesn": "does", "didn": "did", "isn": "is", "aren": "are"}
_CONTRACTIONS |= {"wasn": "was", "weren": "were", "hasn": "has", "haven": "have", "hadn": "had", "wouldn": "would"}
_CONTRACTIONS |= {"couldn": "could", "shouldn": "should"}
_ATTRIBUTION = re.compile(
    r",? (?:according to [^,.]+|(?:the |a )?[\w\s.'-]{2,40} (?:said|says|told [\w\s.'-]{2,30}|reported))\.?$"
)
_NONRESTRICTIVE = re.compile(r", (?:which|who|where|whose) [^,]{8,120},")
_LEADING_PHRASE = re.compile(r"^(?:On|In|At|By|After|Before|Earlier|Later|During|Since)\b[^,]{2,40}, ")


def _changed_number(match: re.Match[str], rng: random.Random) -> str:
    text = match.group(1)
    digits = text.replace(",", "")
    value = float(digits)
    if "." in digits:
        decimals = len(digits.split(".")[1])
        new = round(value * rng.choice((0.5, 0.7, 1.3, 1.6, 2.0)) + rng.choice((-1, 1)) * 10**-decimals, decimals)
        return f"{new:.{decimals}f}"
    if 1900 <= value <= 2030:  # a year
        return str(int(value) + rng.choice((-3, -2, -1, 1, 2, 3)))
    new_int = int(value)
    while new_int == int(value):
        new_int = max(0, int(value * rng.choice((0.3, 0.5, 0.7, 1.5, 2.0, 3.0)) + rng.choice((-2, -1, 1, 2))))
    return f"{new_int:,}" if "," in text else str(new_int)


def change_number(sentence: str, rng: random.Random) -> str | None:
    matches = list(_NUMBER.finditer(sentence))
    words = [w for w in NUMBER_WORDS if re.search(rf"\b{w}\b", sentence)]
    if matches:
        match = rng.choice(matches)
        return sentence[: match.start()] + _changed_number(match, rng) + sentence[match.end() :]
    if words:
        word = rng.choice(words)
        other = rng.choice([w for w in NUMBER_WORDS if w != word])
        return re.sub(rf"\b{word}\b", other, sentence, count=1)
    return None


def change_date(sentence: str, rng: random.Random) -> str | None:
    for names in (WEEKDAYS, MONTHS):
        present = [name for name in names if re.search(rf"\b{name}\b", sentence)]
        if present:
            name = rng.choice(present)
            other = rng.choice([n for n in names if n != name])
            return re.sub(rf"\b{name}\b", other, sentence, count=1)
    return None


def toggle_negation(sentence: str, rng: random.Random) -> str | None:
    negated = list(_NEGATED.finditer(sentence))
    if len(negated) == 1:
        match = negated[0]
        if match.group(1):
            return sentence[: match.start()] + match.group(1) + " " + sentence[match.end() :]
        stem = match.group(2)
        plain = _CONTRACTIONS.get(stem.lower())
        if plain is None:
            return None
        if stem[0].isupper():
            plain = plain.capitalize()
        return sentence[: match.start()] + plain + sentence[match.end() :]
    if negated:
        return None
    candidates = list(_NEGATABLE.finditer(sentence))
    if not candidates:
        return None
    match = candidates[0] if rng.random() < 0.7 else rng.choice(candidates)  # the main verb is usually first
    return sentence[: match.end()] + "not " + sentence[match.end() :]


def swap_antonym(sentence: str, rng: random.Random) -> str | None:
    present = [word for word in ANTONYMS if re.search(rf"\b{word}\b", sentence)]
    if not present:
        return None
    word = rng.choice(present)
    return re.sub(rf"\b{word}\b", ANTONYMS[word], sentence, count=1)


def swap_place(sentence: str, rng: random.Random) -> str | None:
    present = [place for place in PLACES if re.search(rf"\b{place}\b", sentence)]
    if not present:
        return None
    place = rng.choice(present)
    other = rng.choice([p for p in PLACES if p != place and p not in sentence])
    return re.sub(rf"\b{place}\b", other, sentence)


def swap_person(sentence: str, rng: random.Random, people: Sequence[str]) -> str | None:
    names = [m.group(0) for m in _NAME.finditer(sentence) if m.group(1) in FIRST_NAMES]
    if not names or len(people) < 2:
        return None
    name = rng.choice(names)
    surname = name.split()[-1]
    other = rng.choice([p for p in people if p.split()[-1] != surname])
    result = sentence.replace(name, other)
    # Later mentions by surname alone follow the swap, or the sentence would name both people.
    return re.sub(rf"\b{re.escape(surname)}\b", other.split()[-1], result)


def drop_clause(sentence: str, rng: random.Random) -> str | None:
    options = []
    if _NONRESTRICTIVE.search(sentence):
        options.append(_NONRESTRICTIVE.sub("", sentence, count=1))
    if _LEADING_PHRASE.search(sentence):
        rest = _LEADING_PHRASE.sub("", sentence, count=1)
        options.append(rest[:1].upper() + rest[1:])
    attribution = _ATTRIBUTION.search(sentence.rstrip())
    if attribution and attribution.start() > 30:
        options.append(sentence.rstrip()[: attribution.start()].rstrip(" ,") + ".")
    options = [o for o in options if len(o.split()) >= 6 and o != sentence]
    return rng.choice(options) if options else None


def short_form(sentence: str, rng: random.Random) -> str | None:
    defined = _ACRONYM.search(sentence)
    if defined:
        full, acronym = defined.group(1), defined.group(2)
        initials = "".join(word[0] for word in full.split() if word[0].isupper())
        if initials == acronym:
            return sentence.replace(defined.group(0), acronym)
    present = [name for name in SHORT_FORMS if name in sentence]
    if present:
        name = rng.choice(present)
        return sentence.replace(name, SHORT_FORMS[name])
    return None


Edit = Callable[[str, random.Random], "str | None"]
CONTRADICTING_EDITS: dict[str, Edit] = {
    "number": change_number,
    "date": change_date,
    "negation": toggle_negation,
    "antonym": swap_antonym,
    "place": swap_place,
}


def people_in(sentences: Sequence[str]) -> list[str]:
    return sorted({m.group(0) for s in sentences for m in _NAME.finditer(s) if m.group(1) in FIRST_NAMES})


def augment(
    sentences: Sequence[str],
    paraphrases: Sequence[tuple[str, str]],
    bodies: Sequence[str],
    rng: random.Random,
    *,
    per_edit: int,
    identical: int | None = None,
) -> list[StancePair]:
    """Up to `per_edit` pairs of each kind, from real news sentences; paraphrases give supports both ways."""
    pairs: list[StancePair] = []
    usable = [s for s in sentences if 8 <= len(s.split()) <= 45]
    order = list(usable)
    rng.shuffle(order)
    people = people_in(usable)

    def add(premise: str, hypothesis: str, label: int, kind: str) -> None:
        pairs.append(StancePair(premise, hypothesis, (label,), "augmented", tag=kind))

    edits: dict[str, Edit] = dict(CONTRADICTING_EDITS)
    edits["person"] = lambda s, r: swap_person(s, r, people)
    for kind, edit in edits.items():
        made = 0
        for sentence in order:
            if made >= per_edit:
                break
            edited = edit(sentence, rng)
            if edited is None or edited == sentence:
                continue
            if rng.random() < 0.5:
                add(sentence, edited, CONTRADICTS, kind)
            else:
                add(edited, sentence, CONTRADICTS, kind)
            made += 1
        rng.shuffle(order)
    for kind, supporting in (("clause-dropped", drop_clause), ("short-form", short_form)):
        made = 0
        for sentence in order:
            if made >= per_edit:
                break
            edited = supporting(sentence, rng)
            if edited is None or edited == sentence:
                continue
            add(sentence, edited, SUPPORTS, kind)  # the fuller passage supports the shorter claim
            made += 1
    # A word-for-word wire copy is the commonest "other report" of all; sentences carrying figures and dates come
    # first, because every contradicting edit above changes one of those and the model must not learn "a sentence
    # with figures, repeated" as a clash.
    with_values = [s for s in order if any(ch.isdigit() for ch in s)]
    without_values = [s for s in order if not any(ch.isdigit() for ch in s)]
    wanted = per_edit // 2 if identical is None else identical
    for sentence in (with_values[: (wanted + 1) // 2] + without_values)[:wanted]:
        add(sentence, sentence, SUPPORTS, "identical")
    for first, second in list(paraphrases)[:per_edit]:
        add(first, second, SUPPORTS, "paraphrase")
        add(second, first, SUPPORTS, "paraphrase")
    made = 0
    for body in bodies:
        if made >= per_edit:
            break
        body_sentences = [s for s in split_sentences(body) if 8 <= len(s.split()) <= 45]
        if len(body_sentences) >= 4:
            first, second = rng.sample(range(len(body_sentences)), 2)
            if abs(first - second) >= 2:
                add(body_sentences[first], body_sentences[second], RELATED, "same-story")
                made += 1
    return pairs
