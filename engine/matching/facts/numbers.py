"""Figures a sentence states ("at least 14 people were killed", "$2.5bn", "4.1%") and whether two count one thing."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from engine.lexicon import (
    ADVERBS_WITHOUT_LY,
    AUXILIARIES,
    CURRENCY_WORDS,
    GENERIC_COUNT_UNITS,
    INJURED_WORDS,
    KILLED_WORDS,
    LOWER_BOUND_HEDGES,
    NUMBER_WORDS,
    PHRASE_BREAKS,
    SCALE_MULTIPLIERS,
    STOPWORDS,
    UPPER_BOUND_HEDGES,
)
from engine.matching.facts.units import CONVERSION_ROUNDING, Measure, measure
from engine.matching.text.spelling import tokens_match
from engine.matching.text.tokens import fold, singular

_NUMBER_WORD_PATTERN = "|".join(sorted((word for word in NUMBER_WORDS if word != "zero"), key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.])(?:(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"|(?P<words>(?:{_NUMBER_WORD_PATTERN})(?:[- ](?:{_NUMBER_WORD_PATTERN}))?))"
    r"(?:\s*(?P<scale>hundred|thousand|million|billion|trillion|bn|b|m|k)\b)?"
    r"(?P<percent>\s*(?:%|percent\b|per cent\b))?",
    re.IGNORECASE,
)
_HEDGE_BEFORE = re.compile(
    r"(at least|more than|over|nearly|almost|about|around|some|roughly|approximately|up to|fewer than|less than|"
    r"under|as many as|an estimated|estimated)\s*$",
    re.IGNORECASE,
)
WORD = re.compile(r"[A-Za-z][\w'\u2019-]*|\d[\d,.]*|[.;:!?]")
_CLAUSE_END = re.compile(r"[,.;:!?()\u2013\u2014\"]")


@dataclass(frozen=True, slots=True)
class NumberMention:
    value: float
    surface: str
    units: frozenset[str]
    category: str  # "killed", "injured", "money", "percent" or ""
    hedge: str
    context: frozenset[str]  # content words within six words either side: what the figure is about
    # The figure as a measurement whose unit converts ("12m", "40 ft"), read once per text; None for counts, money
    # ("$12m" is not metres) and percentages.
    measure: Measure | None = None


def number_mentions(text: str, date_spans: list[tuple[int, int]]) -> list[NumberMention]:
    """Every figure in `text` outside `date_spans`, with what it counts, its hedge and the words around it."""
    numbers: list[NumberMention] = []
    for match in _NUMBER.finditer(text):
        if any(start <= match.start() < end for start, end in date_spans):
            continue
        raw = match.group(0)
        if match.group("words") and match.group("words").lower() == "one":
            continue  # "one of the", "one day": too often not a count
        value = _parse_number(match)
        if value is None:
            continue
        is_percent = bool(match.group("percent"))
        if (
            match.group("digits")
            and not match.group("scale")
            and not is_percent
            and 1900 <= value <= 2100
            and "," not in raw
        ):
            continue  # a year, handled as a date
        before, after = _window_words(text, match.start(), match.end(), 6, 6)
        before_text = text[max(0, match.start() - 2) : match.start()]
        units = frozenset(
            singular(word)
            for word in after[:3]
            if word.isalpha() and word not in STOPWORDS and word not in {"were", "was"}
        )
        context = set(before) | set(after)
        about = frozenset(
            singular(fold(word)) for word in context if word.isalpha() and word not in STOPWORDS and len(word) > 2
        )
        category = ""
        if is_percent:
            category = "percent"
        elif "$" in before_text or "€" in before_text or "£" in before_text or context & CURRENCY_WORDS:
            category = "money"
        else:
            category = _casualty_category(before, after)
        hedge_match = _HEDGE_BEFORE.search(text[max(0, match.start() - 24) : match.start()])
        surface = " ".join([raw.strip(), *_phrase_tail(text[match.end() :])]).strip(" ,")
        if hedge_match:
            surface = f"{hedge_match.group(1)} {surface}"
        hedge = hedge_match.group(1).lower() if hedge_match else ""
        measured = None if category in {"money", "percent"} else measure(value, surface)
        numbers.append(NumberMention(value, surface, units, category, hedge, about, measured))
    return numbers


def _parse_number(match: re.Match[str]) -> float | None:
    digits = match.group("digits")
    if digits is not None:
        value = float(digits.replace(",", ""))
    else:
        words = re.split(r"[- ]", match.group("words").lower())
        value = float(sum(NUMBER_WORDS.get(word, 0) for word in words))
    scale = match.group("scale")
    # "18K gold" is a purity, "Plan B" a name: one-letter scales only count after a currency sign.
    if scale and (len(scale) > 2 or match.string[max(0, match.start() - 1) : match.start()] in {"$", "€", "£"}):
        value *= SCALE_MULTIPLIERS[scale.lower()]
    return value


def _window_words(text: str, start: int, end: int, before: int, after: int) -> tuple[list[str], list[str]]:
    left = [word.lower() for word in WORD.findall(text[:start])][-before:]
    right_words: list[str] = []
    for word in WORD.findall(text[end:]):
        if word in ".;:!?":
            break
        right_words.append(word.lower())
        if len(right_words) >= after:
            break
    return left, right_words


def _phrase_tail(rest: str) -> list[str]:
    """Words after a number that say what was counted: "guards were hurt" in "three guards were hurt and ..."."""
    words = _CLAUSE_END.split(rest, maxsplit=1)[0].split()[:6]
    for index, word in enumerate(words):
        if index > 0 and word.lower() in PHRASE_BREAKS:
            return words[:index]
        if word.lower() in AUXILIARIES:
            end = index
            # "were also badly hurt": the participle, not the adverbs, says what happened.
            while end < len(words) and (words[end].lower() in AUXILIARIES or _is_adverb(words[end])):
                end += 1
            return words[: end + 1]
    return words[:3]


def _casualty_category(before: list[str], after: list[str]) -> str:
    """The casualty word nearest the number decides: "14 killed and 37 injured" gives 37 to "injured"."""
    by_distance = [
        word
        for pair in zip(after + [""] * len(before), list(reversed(before)) + [""] * len(after), strict=False)
        for word in pair
        if word
    ]
    for word in by_distance:
        if word in KILLED_WORDS or word.startswith("kill"):
            return "killed"
        if word in INJURED_WORDS:
            return "injured"
    return ""


def _is_adverb(word: str) -> bool:
    lowered = word.lower()
    return lowered in ADVERBS_WITHOUT_LY or (len(lowered) > 4 and lowered.endswith("ly"))


def _units_compatible(left: NumberMention, right: NumberMention) -> bool:
    # "12 civilians" and "five police officers" count different things even when both were killed.
    if not left.units or not right.units or left.units & GENERIC_COUNT_UNITS or right.units & GENERIC_COUNT_UNITS:
        return True
    return any(tokens_match(a, b) or a[:5] == b[:5] for a in left.units for b in right.units)


def numbers_aligned(left: NumberMention, right: NumberMention) -> bool:
    """Do two figures count the same thing? Casualty words settle it; other figures need shared context."""
    left_measure, right_measure = left.measure, right.measure
    if left_measure and right_measure and left_measure.dimension != right_measure.dimension:
        return False  # a length and a weight never state one fact
    if left.category in {"killed", "injured"} and right.category == left.category:
        return _units_compatible(left, right)
    # "$2.5B deal" and "$326 million in revenue" are both money: the words around them must agree too.
    needed = min(2, len(left.context), len(right.context))
    if left.category != right.category or needed == 0 or len(left.context & right.context) < needed:
        return False
    return left.category in {"percent", "money"} or any(tokens_match(a, b) for a in left.units for b in right.units)


def numbers_compatible(left: NumberMention, right: NumberMention) -> bool:
    """Can two aligned figures both be right? Equal (after converting units: "12m" / "40 ft"), or a hedged one on
    the exact one's side of its bound."""
    if left.value == right.value:
        return True
    left_measure, right_measure = left.measure, right.measure
    if left_measure and right_measure and left_measure.unit != right_measure.unit:
        # One measurement in two units: compare it in one, allowing the rounding of a printed conversion.
        larger = max(left_measure.base_value, right_measure.base_value)
        if abs(left_measure.base_value - right_measure.base_value) <= CONVERSION_ROUNDING * larger:
            return True
        left, right = replace(left, value=left_measure.base_value), replace(right, value=right_measure.base_value)
    if bool(left.hedge) == bool(right.hedge):
        # Two exact figures, or two figures hedged alike ("at least 14" / "at least 19"), state different counts.
        return False
    hedged, exact = (left, right) if left.hedge else (right, left)
    # One hedged count ("at least 40", "about 45") is consistent with an exact one on its side of the bound.
    if hedged.hedge in LOWER_BOUND_HEDGES:
        return exact.value >= hedged.value * 0.95
    if hedged.hedge in UPPER_BOUND_HEDGES:
        return exact.value <= hedged.value * 1.05
    return abs(exact.value - hedged.value) <= 0.2 * max(exact.value, hedged.value)
