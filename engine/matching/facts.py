"""Fact slots read from a sentence (numbers, casualties, dates, places, actors, outcomes) and where two disagree.

Rules, not a model: a reviewer must be able to see why two passages were called contradictory, and every rule
here names the two spans it compared. Each rule only fires when both sides speak about the same slot (the same
counted thing, the same kind of casualty, the same action), so two reports that mention different facts are
"related", never "contradicting".
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from engine.matching.normalise import (
    NEGATIONS,
    NUMBER_WORDS,
    STOPWORDS,
    content_tokens,
    fold,
    tokens_match,
)
from engine.matching.types import Difference, Slot

# Reports this far apart describe a situation that may have changed, so differing figures are not contradictions.
MAX_REPORT_GAP_DAYS = 90

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_MDY = re.compile(rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE)
_DATE_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\.?(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE
)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_MONTH_YEAR = re.compile(rf"\b(?:in\s+)?({_MONTH_NAMES})\.?\s+(\d{{4}})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in|since|during|of)\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(last|next|this)\s+(year|month|week)\b|\b(yesterday|today)\b", re.IGNORECASE)

_NUMBER_WORD_PATTERN = "|".join(sorted((word for word in NUMBER_WORDS if word != "zero"), key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.])(?:(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"|(?P<words>(?:{_NUMBER_WORD_PATTERN})(?:[- ](?:{_NUMBER_WORD_PATTERN}))?))"
    r"(?:\s*(?P<scale>hundred|thousand|million|billion|trillion|bn|b|m|k)\b)?"
    r"(?P<percent>\s*(?:%|percent\b|per cent\b))?",
    re.IGNORECASE,
)
_SCALES = {
    "b": 1e9,
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_HEDGE_BEFORE = re.compile(
    r"(at least|more than|over|nearly|almost|about|around|some|roughly|approximately|up to|fewer than|less than|"
    r"under|as many as|an estimated|estimated)\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*|\d[\d,.]*|[.;:!?]")

_KILLED = frozenset({"killed", "dead", "died", "death", "deaths", "fatalities", "fatality", "lives", "bodies", "toll"})
_INJURED = frozenset(
    {"injured", "hurt", "wounded", "injuries", "injury", "harmed", "hospitalised", "hospitalized", "casualties"}
)
_MONEY = frozenset({"dollars", "dollar", "euros", "euro", "pounds", "yuan", "yen", "rupees", "shillings", "usd"})

_ZERO_CASUALTIES = re.compile(
    r"\b(?:no|zero)\s+(?:\w+\s+){0,2}?(?P<a>injuries|injured|casualties|deaths|fatalities|dead|one\s+(?:was|were)\s+\w+)"
    r"|\bno\s+(?:\w+\s+){0,3}?(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+\s+)?"
    r"(?P<e>hurt|injured|killed|wounded|harmed)"
    r"|\b(?:no[\s-]?one|nobody|none)\s+(?:\w+\s+){0,3}?(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+\s+)?"
    r"(?P<b>hurt|injured|killed|wounded|harmed)"
    r"|\bwithout\s+(?:any\s+)?(?P<c>injur\w*|casualt\w*|loss\s+of\s+life)"
    r"|\b(?P<d>unharmed|unhurt|uninjured)\b",
    re.IGNORECASE,
)
_SOME_CASUALTIES = re.compile(
    r"\b(?P<q>several|many|dozens|scores|hundreds|thousands|multiple|numerous)\s+(?:\w+\s+){0,3}?"
    r"(?:were|was|had\s+been|have\s+been)?\s*(?P<k>hurt|injured|killed|wounded|dead|died)",
    re.IGNORECASE,
)

# Opposite outcomes of one event: each pair is (one side, the other side); a word negated flips sides.
_OUTCOMES: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    (
        "damage",
        frozenset({"undamaged", "intact", "unscathed", "spared", "unaffected", "standing"}),
        frozenset({"collapsed", "destroyed", "damaged", "razed", "demolished", "flattened", "gutted", "collapse"}),
    ),
    ("verdict", frozenset({"acquitted", "cleared", "exonerated"}), frozenset({"convicted", "guilty", "sentenced"})),
    (
        "vote",
        frozenset({"approved", "passed", "adopted", "ratified", "endorsed"}),
        frozenset({"rejected", "defeated", "vetoed", "blocked"}),
    ),
    (
        "direction",
        frozenset({"rose", "increased", "grew", "climbed", "jumped", "gained", "surged", "soared", "higher"}),
        frozenset({"fell", "decreased", "dropped", "declined", "slumped", "plunged", "shrank", "lower", "tumbled"}),
    ),
    ("result", frozenset({"won", "wins", "victory", "victorious"}), frozenset({"lost", "loses", "defeat", "conceded"})),
    ("confirmation", frozenset({"confirmed", "admitted", "acknowledged"}), frozenset({"denied", "disputed"})),
    ("access", frozenset({"open", "opened", "reopened"}), frozenset({"closed", "shut"})),
    ("custody", frozenset({"released", "freed"}), frozenset({"arrested", "detained", "jailed", "captured"})),
)
_CONTRACTED_NEGATIONS = frozenset(
    {
        "didnt",
        "doesnt",
        "dont",
        "wasnt",
        "werent",
        "isnt",
        "arent",
        "hasnt",
        "havent",
        "hadnt",
        "wont",
        "cant",
        "couldnt",
        "wouldnt",
        "shouldnt",
    }
)
_ACTOR_VERBS = frozenset(
    {
        "claimed",
        "carried",
        "launched",
        "attacked",
        "fired",
        "killed",
        "won",
        "announced",
        "admitted",
        "seized",
        "captured",
        "shelled",
        "bombed",
        "struck",
        "arrested",
        "led",
        "signed",
        "ordered",
    }
)
_ACTOR_HEADS = frozenset({"group", "militants", "fighters", "forces", "troops", "rebels", "officials", "police"})
# Capitalised only because they open the sentence: not names, so two of them never clash as actors.
_COMMON_SUBJECTS = frozenset(
    {
        "police",
        "officials",
        "witnesses",
        "residents",
        "authorities",
        "troops",
        "soldiers",
        "militants",
        "gunmen",
        "protesters",
        "rebels",
        "they",
        "he",
        "she",
        "it",
        "we",
        "investigators",
        "doctors",
        "medics",
        "security",
        "forces",
        "government",
        "attackers",
        "fighters",
        "prosecutors",
        "researchers",
        "scientists",
        "officers",
    }
)
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside"})
_NOT_PLACES = frozenset(
    set(MONTHS) | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "the", "a", "an"}
)


@dataclass(frozen=True, slots=True)
class NumberMention:
    value: float
    surface: str
    units: frozenset[str]
    category: str  # "killed", "injured", "money", "percent" or ""
    hedge: str
    context: frozenset[str]  # content words within six words either side: what the figure is about


@dataclass(frozen=True, slots=True)
class DateMention:
    date: datetime.date
    day_precise: bool
    surface: str
    year_only: bool = False  # "in 2012": usually background history, not when the reported events happened


@dataclass(frozen=True, slots=True)
class Facts:
    numbers: tuple[NumberMention, ...]
    zero_casualties: tuple[tuple[str, str], ...]  # (kind: "killed"/"injured"/"any", surface)
    some_casualties: tuple[tuple[str, str], ...]
    dates: tuple[DateMention, ...]
    places: tuple[str, ...]
    actors: tuple[tuple[str, str], ...]  # (verb, actor as written)
    outcomes: tuple[tuple[str, int, str], ...]  # (aspect, side 0/1, word as written)
    negation_phrases: tuple[str, ...]  # "not resign on", one per negation cue not explained by another slot
    content: frozenset[str]
    words: tuple[str, ...]
    text: str


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
        value *= _SCALES[scale.lower()]
    return value


def _casualty_kind(word: str) -> str:
    lowered = word.lower()
    if lowered in _KILLED or lowered.startswith(("kill", "death", "dead", "die", "fatal")):
        return "killed"
    if lowered == "casualties":
        return "any"
    return "injured"


def _window_words(text: str, start: int, end: int, before: int, after: int) -> tuple[list[str], list[str]]:
    left = [word.lower() for word in _WORD.findall(text[:start])][-before:]
    right_words: list[str] = []
    for word in _WORD.findall(text[end:]):
        if word in ".;:!?":
            break
        right_words.append(word.lower())
        if len(right_words) >= after:
            break
    return left, right_words


_CLAUSE_END = re.compile(r"[,.;:!?()\u2013\u2014\"]")
_PHRASE_BREAKS = frozenset({"on", "in", "at", "near", "for", "from", "by", "with", "after", "before", "and", "when"})
_AUXILIARIES = frozenset({"were", "was", "are", "is", "had", "have", "has", "been", "be", "being"})


def _phrase_tail(rest: str) -> list[str]:
    """Words after a number that say what was counted: "guards were hurt" in "three guards were hurt and ..."."""
    words = _CLAUSE_END.split(rest, maxsplit=1)[0].split()[:6]
    for index, word in enumerate(words):
        if index > 0 and word.lower() in _PHRASE_BREAKS:
            return words[:index]
        if word.lower() in _AUXILIARIES:
            end = index
            # "were also badly hurt": the participle, not the adverbs, says what happened.
            while end < len(words) and (words[end].lower() in _AUXILIARIES or _is_adverb(words[end])):
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
        if word in _KILLED or word.startswith("kill"):
            return "killed"
        if word in _INJURED:
            return "injured"
    return ""


# "not clear", "did not comment", "has not been named": reporting caveats, not a denial of the fact.
_HEDGING_HEADS = frozenset(
    {
        "clear",
        "immediately",
        "known",
        "available",
        "comment",
        "respond",
        "identified",
        "named",
        "publicly",
        "yet",
        "only",
        "just",
        "sure",
        "certain",
    }
)


def _negated_head(lowered: list[str], index: int) -> str:
    """The word a negation applies to: "did not resign" gives "resign"."""
    for word in lowered[index + 1 : index + 5]:
        if word not in _AUXILIARIES and word not in STOPWORDS and word not in {"be", "been"}:
            return word
    return ""


def _is_adverb(word: str) -> bool:
    lowered = word.lower()
    return lowered in {"also", "all", "later", "reportedly", "then", "still", "since", "both"} or (
        len(lowered) > 4 and lowered.endswith("ly")
    )


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _date_spans(text: str, reference: datetime.date | None) -> tuple[list[DateMention], list[tuple[int, int]]]:
    mentions: list[DateMention] = []
    spans: list[tuple[int, int]] = []

    def add(year: int | None, month: int, day: int | None, match: re.Match[str]) -> None:
        spans.append(match.span())
        if year is None:
            if reference is None:
                return
            year = reference.year
        try:
            value = datetime.date(year, month, day or 1)
        except ValueError:
            return
        mentions.append(DateMention(value, day is not None, match.group(0).strip()))

    for match in _DATE_ISO.finditer(text):
        add(int(match.group(1)), int(match.group(2)), int(match.group(3)), match)
    for match in _DATE_MDY.finditer(text):
        year = match.group(3)
        add(int(year) if year else None, MONTHS[match.group(1).lower()], int(match.group(2)), match)
    for match in _DATE_DMY.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        year = match.group(3)
        add(int(year) if year else None, MONTHS[match.group(2).lower()], int(match.group(1)), match)
    for match in _DATE_MONTH_YEAR.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        add(int(match.group(2)), MONTHS[match.group(1).lower()], None, match)
    for match in _YEAR.finditer(text):
        if any(start <= match.start(1) < end for start, end in spans):
            continue
        spans.append(match.span(1))
        mentions.append(DateMention(datetime.date(int(match.group(1)), 7, 1), False, match.group(0), year_only=True))
    if reference is not None:
        for match in _RELATIVE.finditer(text):
            spans.append(match.span())
            mentions.append(DateMention(_resolve_relative(match, reference), False, match.group(0)))
    return mentions, spans


def _resolve_relative(match: re.Match[str], reference: datetime.date) -> datetime.date:
    single = (match.group(3) or "").lower()
    if single == "yesterday":
        return reference - datetime.timedelta(days=1)
    if single == "today":
        return reference
    direction = {"last": -1, "next": 1, "this": 0}[match.group(1).lower()]
    unit = match.group(2).lower()
    if unit == "year":
        return datetime.date(reference.year + direction, 7, 1)
    if unit == "month":
        return reference + datetime.timedelta(days=30 * direction)
    return reference + datetime.timedelta(days=7 * direction)


@lru_cache(maxsize=16384)
def extract_facts(text: str, reference: datetime.date | None = None) -> Facts:
    dates, date_spans = _date_spans(text, reference)
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
            _singular(word)
            for word in after[:3]
            if word.isalpha() and word not in STOPWORDS and word not in {"were", "was"}
        )
        context = set(before) | set(after)
        about = frozenset(
            _singular(fold(word)) for word in context if word.isalpha() and word not in STOPWORDS and len(word) > 2
        )
        category = ""
        if is_percent:
            category = "percent"
        elif "$" in before_text or "€" in before_text or "£" in before_text or context & _MONEY:
            category = "money"
        else:
            category = _casualty_category(before, after)
        hedge_match = _HEDGE_BEFORE.search(text[max(0, match.start() - 24) : match.start()])
        surface = " ".join([raw.strip(), *_phrase_tail(text[match.end() :])]).strip(" ,")
        if hedge_match:
            surface = f"{hedge_match.group(1)} {surface}"
        numbers.append(
            NumberMention(value, surface, units, category, hedge_match.group(1).lower() if hedge_match else "", about)
        )

    zero: list[tuple[str, str]] = []
    for match in _ZERO_CASUALTIES.finditer(text):
        cue = next(group for group in match.groups() if group)
        word = cue.split()[-1]
        kind = (
            "injured" if match.group("d") else ("any" if word.lower().startswith("casualt") else _casualty_kind(word))
        )
        if match.group("c") and "loss" in cue.lower():
            kind = "killed"
        zero.append((kind, match.group(0).strip()))
    some = tuple(
        (_casualty_kind(match.group("k")), match.group(0).strip()) for match in _SOME_CASUALTIES.finditer(text)
    )

    words = _WORD.findall(text)
    lowered = [fold(word) for word in words]
    places: list[str] = []
    for index, word in enumerate(lowered[:-1]):
        if word in _PLACE_PREPOSITIONS:
            place_words: list[str] = []
            for follower in words[index + 1 : index + 4]:
                if follower[:1].isupper() and fold(follower) not in _NOT_PLACES:
                    place_words.append(follower)
                else:
                    break
            if place_words:
                places.append(" ".join(place_words))

    actors: list[tuple[str, str]] = []
    for index, word in enumerate(lowered):
        if word in _ACTOR_VERBS and index > 0:
            actor_words: list[str] = []
            cursor = index - 1
            if cursor > 0 and lowered[cursor] in _ACTOR_HEADS:
                cursor -= 1  # "Islamic State group claimed": the name is before the generic head noun
            while cursor >= 0 and (words[cursor][:1].isupper() or lowered[cursor] in {"al", "el", "of"}):
                actor_words.insert(0, words[cursor])
                cursor -= 1
            # A capitalised first word of the sentence alone ("Police", "Officials") is not a named actor.
            first = cursor + 1
            while actor_words and fold(actor_words[0]) in {"the", "a", "an"}:
                actor_words.pop(0)
                first += 1
            if actor_words and not (first == 0 and len(actor_words) == 1 and lowered[0] in _COMMON_SUBJECTS):
                actors.append((word, " ".join(actor_words)))

    outcomes: list[tuple[str, int, str]] = []
    for index, word in enumerate(lowered):
        for aspect, one_side, other_side in _OUTCOMES:
            side = 0 if word in one_side else 1 if word in other_side else -1
            if side < 0:
                continue
            negated = any(
                previous in NEGATIONS or previous in _CONTRACTED_NEGATIONS
                for previous in lowered[max(0, index - 3) : index]
            )
            outcomes.append((aspect, 1 - side if negated else side, words[index]))

    # A negation that flips an outcome word ("not damaged") or states zero casualties ("no injuries") is
    # already compared slot by slot; counting it again would call "undamaged" vs "not damaged" a clash.
    explained = {
        index
        for index, word in enumerate(lowered)
        if any(word in first or word in second for _, first, second in _OUTCOMES)
        or word in _KILLED
        or word in _INJURED
        or word in {"one", "body", "nobody"}
    }
    negation_phrases = tuple(
        " ".join(words[index : index + 3])
        for index, word in enumerate(lowered)
        if (word in NEGATIONS or word in _CONTRACTED_NEGATIONS)
        and word != "without"  # "without her consent" adds a detail; it does not deny the sentence
        and not any(index < other <= index + 3 for other in explained)
        and _negated_head(lowered, index) not in _HEDGING_HEADS
    )
    cue_words = {word for _, first, second in _OUTCOMES for word in first | second}
    content = frozenset(token for token in content_tokens(text) if token not in NEGATIONS and token not in cue_words)
    return Facts(
        numbers=tuple(numbers),
        zero_casualties=tuple(zero),
        some_casualties=some,
        dates=tuple(dates),
        places=tuple(places),
        actors=tuple(actors),
        outcomes=tuple(outcomes),
        negation_phrases=negation_phrases,
        content=content,
        words=tuple(words),
        text=text,
    )


_GENERIC_UNITS = frozenset({"people", "person", "persons", "others", "individual"})


def _units_compatible(left: NumberMention, right: NumberMention) -> bool:
    # "12 civilians" and "five police officers" count different things even when both were killed.
    if not left.units or not right.units or left.units & _GENERIC_UNITS or right.units & _GENERIC_UNITS:
        return True
    return any(tokens_match(a, b) or a[:5] == b[:5] for a in left.units for b in right.units)


def _shared_context(left: NumberMention, right: NumberMention) -> int:
    return len(left.context & right.context)


def _numbers_aligned(left: NumberMention, right: NumberMention) -> bool:
    """Do two figures count the same thing? Casualty words settle it; other figures need shared context."""
    if left.category in {"killed", "injured"} and right.category == left.category:
        return _units_compatible(left, right)
    # "$2.5B deal" and "$326 million in revenue" are both money: the words around them must agree too.
    needed = min(2, len(left.context), len(right.context))
    if left.category != right.category or needed == 0 or _shared_context(left, right) < needed:
        return False
    return left.category in {"percent", "money"} or any(tokens_match(a, b) for a in left.units for b in right.units)


_LOWER_BOUNDS = frozenset({"at least", "more than", "over", "as many as"})
_UPPER_BOUNDS = frozenset({"nearly", "almost", "up to", "fewer than", "less than", "under"})


def _numbers_compatible(left: NumberMention, right: NumberMention) -> bool:
    if left.value == right.value:
        return True
    if bool(left.hedge) == bool(right.hedge):
        # Two exact figures, or two figures hedged alike ("at least 14" / "at least 19"), state different counts.
        return False
    hedged, exact = (left, right) if left.hedge else (right, left)
    # One hedged count ("at least 40", "about 45") is consistent with an exact one on its side of the bound.
    if hedged.hedge in _LOWER_BOUNDS:
        return exact.value >= hedged.value * 0.95
    if hedged.hedge in _UPPER_BOUNDS:
        return exact.value <= hedged.value * 1.05
    return abs(exact.value - hedged.value) <= 0.2 * max(exact.value, hedged.value)


def _has_casualty_count(facts: Facts, kind: str) -> list[str]:
    surfaces = [
        number.surface
        for number in facts.numbers
        if number.value > 0
        and (number.category == kind or (kind == "any" and number.category in {"killed", "injured"}))
    ]
    surfaces += [surface for some_kind, surface in facts.some_casualties if kind in {"any", some_kind}]
    return surfaces


def _token_present(token: str, content: frozenset[str]) -> bool:
    return any(tokens_match(token, other) for other in content)


def find_differences(claim: Facts, passage: Facts, *, same_topic: bool) -> list[Difference]:
    """Values that `claim` and `passage` state differently for a slot both of them fill."""
    differences: list[Difference] = []

    # Numbers: each claim number against the passage numbers counting the same thing.
    for number in claim.numbers:
        aligned = [other for other in passage.numbers if _numbers_aligned(number, other)]
        if aligned and not any(_numbers_compatible(number, other) for other in aligned):
            if any(number.value == other.value for other in passage.numbers):
                continue  # the figure is there, attached to a phrase we misread
            differences.append(Difference(Slot.NUMBER, number.surface, aligned[0].surface))

    # "No injuries" against a count of injured (either direction).
    for zero_side, count_side, flip in ((claim, passage, False), (passage, claim, True)):
        for kind, zero_surface in zero_side.zero_casualties:
            counts = _has_casualty_count(count_side, kind)
            if counts:
                pair = (counts[0], zero_surface) if flip else (zero_surface, counts[0])
                differences.append(Difference(Slot.NEGATION, pair[0], pair[1]))
                break

    # Opposite outcomes of the same aspect, about a shared subject.
    shared_subject = bool(claim.content & passage.content) or same_topic
    if shared_subject:
        claim_sides = {(aspect, side): word for aspect, side, word in claim.outcomes}
        passage_sides = {(aspect, side): word for aspect, side, word in passage.outcomes}
        for (aspect, side), word in claim_sides.items():
            opposite = passage_sides.get((aspect, 1 - side))
            if opposite is not None and (aspect, side) not in passage_sides and (aspect, 1 - side) not in claim_sides:
                differences.append(Difference(Slot.OUTCOME, word, opposite))

    # Dates of the day, both precise, that differ by a few days (larger gaps are handled as earlier reports).
    claim_days = {mention.date: mention for mention in claim.dates if mention.day_precise}
    passage_days = {mention.date: mention for mention in passage.dates if mention.day_precise}
    if same_topic and claim_days and passage_days and not set(claim_days) & set(passage_days):
        first_claim = next(iter(claim_days.values()))
        first_passage = next(iter(passage_days.values()))
        if abs((first_claim.date - first_passage.date).days) <= MAX_REPORT_GAP_DAYS:
            differences.append(Difference(Slot.DATE, first_claim.surface, first_passage.surface))

    if same_topic:
        differences.extend(_place_differences(claim, passage))
        differences.extend(_actor_differences(claim, passage))
        if not differences and len(claim.negation_phrases) % 2 != len(passage.negation_phrases) % 2:
            overlap = len(claim.content & passage.content) / max(1, min(len(claim.content), len(passage.content)))
            difference = _negation_difference(claim, passage) if overlap >= 0.6 else None
            if difference is not None:
                differences.append(difference)
    return differences


def _negation_difference(claim: Facts, passage: Facts) -> Difference | None:
    """A clash only when the other side affirms the very word negated ("resigned" / "did not resign")."""
    negated, affirmed = (claim, passage) if len(claim.negation_phrases) % 2 else (passage, claim)
    phrase = negated.negation_phrases[0]
    negated_words = [fold(word) for word in phrase.split()[1:]]
    affirmed_value = next(
        (
            word
            for word in affirmed.words
            for target in negated_words
            if len(target) >= 4 and target not in STOPWORDS and fold(word).startswith(target[: max(4, len(target) - 2)])
        ),
        None,
    )
    if affirmed_value is None:
        return None
    if negated is claim:
        return Difference(Slot.NEGATION, phrase, affirmed_value)
    return Difference(Slot.NEGATION, affirmed_value, phrase)


def find_agreements(claim: Facts, passage: Facts) -> list[str]:
    """Slot values both texts state alike (the same count of the same thing, the same outcome)."""
    agreed: list[str] = []
    for number in claim.numbers:
        if any(_numbers_aligned(number, other) and number.value == other.value for other in passage.numbers):
            agreed.append(number.surface)
    claim_zero = {kind for kind, _ in claim.zero_casualties}
    agreed.extend(surface for kind, surface in passage.zero_casualties if kind in claim_zero)
    claim_outcomes = {(aspect, side) for aspect, side, _ in claim.outcomes}
    agreed.extend(word for aspect, side, word in passage.outcomes if (aspect, side) in claim_outcomes)
    return agreed


def _place_differences(claim: Facts, passage: Facts) -> list[Difference]:
    if not claim.places or not passage.places:
        return []
    claim_tokens = {token for place in claim.places for token in content_tokens(place)}
    passage_tokens = {token for place in passage.places for token in content_tokens(place)}
    # "near Mosul" / "in Iraq" are nested, not rival, places; only a sentence that otherwise says the same
    # thing with another place name is a clash.
    rest_claim, rest_passage = claim.content - claim_tokens, passage.content - passage_tokens
    if len(rest_claim & rest_passage) < 0.5 * min(len(rest_claim), len(rest_passage)):
        return []
    if any(_token_present(token, passage.content) for token in claim_tokens):
        return []
    if any(_token_present(token, claim.content) for token in passage_tokens):
        return []
    return [Difference(Slot.PLACE, claim.places[0], passage.places[0])]


def _actor_differences(claim: Facts, passage: Facts) -> list[Difference]:
    differences: list[Difference] = []
    for verb, actor in claim.actors:
        rivals = [other for other_verb, other in passage.actors if other_verb == verb]
        if not rivals:
            continue
        if any(fold(actor) == fold(rival) for rival in rivals):
            continue
        actor_tokens = content_tokens(actor)
        if any(
            any(_token_present(token, frozenset(content_tokens(rival))) for token in actor_tokens) for rival in rivals
        ):
            continue
        if any(_token_present(token, claim.content) for rival in rivals for token in content_tokens(rival)):
            continue
        differences.append(Difference(Slot.ACTOR, actor, rivals[0]))
    return differences


def text_date(facts: Facts) -> datetime.date | None:
    """The date a text itself states for its events, when it states one with a year."""
    for mention in facts.dates:
        if mention.day_precise:
            return mention.date
    dated = [mention for mention in facts.dates if not mention.year_only]
    return dated[0].date if dated else None
