"""Surface cues that make a sentence worth checking, as reviewer-facing strings and as model features.

Every pattern here is a flat alternation or a bounded repetition, so matching stays linear in the sentence length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from engine.lexicon import CALENDAR_WORDS, NAME_RUN_FUNCTION_WORDS

_MONTHS = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
    r"|Sep(?:tember|t\.|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DATE = re.compile(
    rf"\b{_MONTHS}(?:\s\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s(?:1[89]|20)\d\d)?(?![\w])"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{_MONTHS}(?:,?\s(?:1[89]|20)\d\d)?(?![\w])"
    rf"|\b(?:on|last|next|this|since|by|until|from)\s{_WEEKDAYS}\b"
    r"|\b(?:in|since|by|until|from|during|of|before|after)\s(?:the\s)?(?:1[89]|20)\d\d(?:s)?\b"
    r"|\b(?:yesterday|last\s(?:week|month|year|night|decade)|earlier\sthis\s(?:week|month|year))\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    # A clock time says when something happened as precisely as a date does ("broke out at about 9 p.m.").
    r"|\b(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b[01]?\d:[0-5]\d\s?(?:GMT|UTC|local\stime)\b"
)
_DIGIT = re.compile(r"\d")
_DATE_HINT = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|[MTWFS][a-z]+day|yesterday|last|earlier)"
)
# "May" alone is usually the modal verb, so a bare month needs a day or a year to count for it.
_BARE_AMBIGUOUS_MONTH = re.compile(r"^(?:May|March|June?|July?)$")
_SCALE = r"(?:thousand|million|billion|trillion|bn|m|k|per\s?cent|percent|%)"
# Digits only: number words are found by the token pass below, which is far cheaper than a word alternation.
NUMBER = re.compile(
    r"(?:[$€£¥]\s?)?\b\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:\s?(?:thousand|million|billion|trillion|bn|per\s?cent|percent)\b|%)?"
    r"|(?:[$€£¥]\s?)?\b\d+(?:\.\d+)?(?:\s?(?:thousand|million|billion|trillion|bn|per\s?cent|percent)\b|%)?"
)
# "$210 million" is already one number; its scale word alone is not another.
_SCALE_WORDS = frozenset({"thousand", "million", "billion", "trillion", "percent", "per cent"})
_YEAR_ONLY = re.compile(r"^(?:1[89]|20)\d\d$")
QUOTATION = re.compile(r"[\"“”„«»]|(?:^|\s)‘|’(?=\s|$|[.,;:!?])")
_QUOTED_SPAN = re.compile(r"[\"“„«]([^\"“”„«»]{12,})[\"”»]")
# What may precede a capitalised word that is capitalised only because a (quoted) sentence starts there.
_SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?:]['\"”’]?)\s*['\"“‘(]?\s*$")
_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_FIRST_PERSON_CASED = re.compile(r"\bI\b")


def _phrases(words: str) -> frozenset[str]:
    return frozenset(phrase.replace("_", " ") for phrase in words.split())


# Cue phrases per category, matched on lowercased tokens (multi-word cues use "_" for spaces here).
CUES: dict[str, frozenset[str]] = {
    "number": _phrases(
        "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred "
        "thousand million billion trillion dozen dozens hundreds thousands millions billions half quarter twice "
        "double triple percent per_cent"
    ),
    "attribution": _phrases(
        "said says say told tells according_to announced announces reported reports stated states claimed claims "
        "confirmed confirms denied denies warned warns added adds explained insisted argued testified estimated "
        "estimates admitted acknowledged alleged wrote tweeted posted noted stressed declared"
    ),
    "comparison": _phrases(
        "more_than less_than fewer_than greater_than higher_than lower_than larger_than smaller_than bigger_than "
        "faster_than slower_than better_than worse_than cheaper_than most least highest lowest largest smallest "
        "biggest fastest worst best record first only compared_with compared_to up_from down_from doubled "
        "tripled halved twice_as as_much_as as_many_as increase increased decrease decreased rose risen fell "
        "fallen dropped grew declined surged plunged jumped soared"
    ),
    "causal": _phrases(
        "because due_to as_a_result caused causes cause led_to leads_to resulted_in results_in therefore "
        "thanks_to blamed blames responsible_for linked_to triggered contributed_to so_that"
    ),
    "hedging": _phrases(
        "may might could possibly perhaps reportedly allegedly apparently appear appears seem seems likely "
        "unlikely probably unclear suggest suggests approximately about around nearly almost roughly"
    ),
    "opinion": _phrases(
        "should must ought i_think i_believe we_need i_feel in_my_view i_hope i_want we_want great terrible "
        "wonderful horrible disgrace disgraceful shameful outrageous amazing beautiful tremendous wrong "
        "right_thing ridiculous absurd fantastic sad unfair good bad"
    ),
    "prediction": _phrases(
        "will won't shall is_expected_to are_expected_to expect expects forecast forecasts forecasted projected "
        "plan_to plans_to planned going_to is_set_to are_set_to predict predicts predicted next_year next_month "
        "next_week"
    ),
    "event": _phrases(
        "killed died dead injured wounded arrested charged convicted sentenced elected resigned appointed fired "
        "launched signed passed voted approved rejected banned attacked struck hit collapsed exploded erupted "
        "flooded destroyed damaged evacuated displaced rescued won lost beat defeated announced opened closed "
        "acquired bought sold invaded captured seized fined sued filed raided crashed shot murdered occurred "
        "happened took_place was_held were_held met visited declared imposed introduced released "
        "kills wins loses blocks bans approves rejects arrests charges sues signs launches resigns cuts raises "
        "strikes hits seizes fines elects appoints dies broke_out caught_fire burned spread"
    ),
    "first_person": _phrases("i i'm i've i'd i'll me my mine we we're we've we'll our ours myself ourselves"),
    "second_person": _phrases("you your you're you've yours yourself"),
    "negation": _phrases("not no never nobody nothing none"),
}
_LONGEST_CUE = 4
_CUE_CATEGORIES: dict[str, tuple[str, ...]] = {}
for _category, _cues in CUES.items():
    for _cue in _cues:
        _CUE_CATEGORIES[_cue] = (*_CUE_CATEGORIES.get(_cue, ()), _category)

_MULTI_WORD_STARTS = frozenset(cue.split()[0] for cue in _CUE_CATEGORIES if " " in cue)


def find_cues(text: str) -> dict[str, list[str]]:
    """Cue phrases found in `text`, per category, in order of appearance; one pass over the tokens."""
    words = _TOKEN.findall(text.lower().replace("’", "'"))
    found: dict[str, list[str]] = {category: [] for category in CUES}
    for i, word in enumerate(words):
        if word in _MULTI_WORD_STARTS:
            for length in range(_LONGEST_CUE, 1, -1):
                phrase = " ".join(words[i : i + length])
                for category in _CUE_CATEGORIES.get(phrase, ()):
                    found[category].append(phrase)
        categories = _CUE_CATEGORIES.get(word)
        if categories:
            for category in categories:
                found[category].append(word)
        elif word[-3:] == "n't":
            found["negation"].append(word)
        elif word[-2:] == "er" and i + 1 < len(words) and words[i + 1] == "than":
            found["comparison"].append(f"{word} than")
    return found


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
# Capitalised runs: "Maria Ortiz", "J. R. Smith", "the Health Ministry", "U.N.". Bounded at five tokens.
_NAME_TOKEN = r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?\b|[A-Z]\.(?:[A-Z]\.)*|[A-Z]{2,6}\b|Mc[A-Z][a-z]+\b)"
# "NAIROBI, Kenya (Reuters) - " opens wire copy; what follows it is the real start of the sentence.
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}(?:,\s[A-Z][\w .'’-]{1,30})?\s(?:\([^)]{1,40}\)\s)?[-—–]+\s")
NAME_RUN = re.compile(rf"\b{_NAME_TOKEN}(?:\s(?:of\s(?:the\s)?|de\s|van\s|al-)?{_NAME_TOKEN}){{0,4}}")
_ORGANISATION_WORDS = frozenset(
    [
        "ministry",
        "department",
        "council",
        "police",
        "university",
        "institute",
        "agency",
        "commission",
        "court",
        "bank",
        "company",
        "corp",
        "corporation",
        "inc",
        "ltd",
        "group",
        "party",
        "parliament",
        "congress",
        "senate",
        "assembly",
        "committee",
        "government",
        "association",
        "union",
        "office",
        "board",
        "authority",
        "service",
        "services",
        "organisation",
        "organization",
        "foundation",
        "fund",
        "army",
        "navy",
        "forces",
        "reuters",
        "press",
        "news",
        "times",
        "post",
        "guardian",
        "bbc",
        "cnn",
        "airlines",
        "hospital",
        "school",
        "club",
        "league",
        "federation",
        "church",
        "society",
        "network",
        "center",
        "centre",
        "bureau",
        "administration",
    ]
)
_PLACE_WORDS = frozenset(
    [
        "street",
        "road",
        "avenue",
        "river",
        "lake",
        "mountain",
        "mount",
        "county",
        "province",
        "state",
        "city",
        "island",
        "republic",
        "district",
        "region",
        "valley",
        "bay",
        "sea",
        "ocean",
        "coast",
        "kingdom",
    ]
)
# Capitalised words that start sentences or headlines without naming anything.
_NOT_NAMES = (
    NAME_RUN_FUNCTION_WORDS
    | frozenset(
        [
            "if",
            "its",
            "these",
            "those",
            "here",
            "you",
            "our",
            "my",
            "your",
            "mr",
            "mrs",
            "ms",
            "dr",
            "so",
            "yet",
            "now",
            "then",
            "when",
            "while",
            "after",
            "before",
            "since",
            "however",
            "meanwhile",
            "also",
            "still",
            "even",
            "just",
            "what",
            "who",
            "why",
            "how",
            "where",
            "which",
            "no",
            "yes",
            "not",
            "all",
            "some",
            "many",
            "most",
            "one",
            "two",
            "three",
            "jan",
            "feb",
            "mar",
            "apr",
            "jun",
            "jul",
            "aug",
            "sep",
            "sept",
            "oct",
            "nov",
            "dec",
            "well",
            "look",
            "let",
            "thank",
            "thanks",
            "okay",
            "ok",
            "because",
            "let's",
        ]
    )
    | CALENDAR_WORDS
)
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "president",
        "senator",
        "sen",
        "gov",
        "governor",
        "rep",
        "representative",
        "minister",
        "secretary",
        "gen",
        "general",
        "col",
        "colonel",
        "lt",
        "captain",
        "capt",
        "sgt",
        "judge",
        "justice",
        "mayor",
        "chief",
        "officer",
        "inspector",
        "sir",
        "lady",
        "lord",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "rev",
        "father",
        "sister",
        "brother",
    ]
)


@dataclass(frozen=True, slots=True)
class SignalReport:
    """What the cue detectors found in one sentence."""

    numbers: list[str]
    dates: list[str]
    people: list[str]
    organisations: list[str]
    places: list[str]
    attribution: list[str]
    quotation: bool
    quoted_share: float
    comparison: list[str]
    causal: list[str]
    hedging: list[str]
    opinion: list[str]
    prediction: list[str]
    event: list[str]
    first_person: int
    second_person: int
    negation: int
    words: int
    question: bool

    def labels(self) -> list[str]:
        """Human-readable drivers, strongest evidence first, capped so the UI stays readable."""
        labels: list[str] = []
        labels += [f"number: {n}" for n in _first(self.numbers, 3)]
        labels += [f"date: {d}" for d in _first(self.dates, 2)]
        labels += [f"attribution: {a}" for a in _first(self.attribution, 1)]
        labels += [f"person: {p}" for p in _first(self.people, 2)]
        labels += [f"organisation: {o}" for o in _first(self.organisations, 2)]
        labels += [f"place: {p}" for p in _first(self.places, 2)]
        if self.quotation:
            labels.append("quotation")
        if self.comparison:
            labels.append("comparison")
        labels += [f"causal: {c}" for c in _first(self.causal, 1)]
        labels += [f"event: {e}" for e in _first(self.event, 1)]
        labels += [f"prediction: {p}" for p in _first(self.prediction, 1)]
        labels += [f"hedging: {h}" for h in _first(self.hedging, 1)]
        labels += [f"opinion: {o}" for o in _first(self.opinion, 1)]
        if self.question:
            labels.append("question")
        return labels


def _first(items: list[str], limit: int) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
        if len(seen) == limit:
            break
    return seen


def _matches(pattern: re.Pattern[str], text: str) -> list[str]:
    return [" ".join(m.group(0).split()) for m in pattern.finditer(text)]


def detect_signals(text: str) -> SignalReport:
    dates = [d for d in _matches(DATE, text) if not _BARE_AMBIGUOUS_MONTH.match(d)] if _may_have_date(text) else []
    date_text = " ".join(dates)
    cues = find_cues(text)
    digits = _matches(NUMBER, text) if _DIGIT.search(text) else []
    numbers = [
        n for n in digits if not (_YEAR_ONLY.match(n) and n in date_text) and not _is_day_of_date(n, date_text)
    ] + [w for w in cues["number"] if w not in {"one", "half"} and not (digits and w in _SCALE_WORDS)]
    dateline = DATELINE.match(text)
    people, organisations, places = _names(text[dateline.end() :] if dateline else text)
    quoted = sum(len(m.group(1)) for m in _QUOTED_SPAN.finditer(text))
    stripped = text.rstrip()
    first_person = len(cues["first_person"]) - cues["first_person"].count("i") + len(_FIRST_PERSON_CASED.findall(text))
    return SignalReport(
        numbers=numbers,
        dates=dates,
        people=people,
        organisations=organisations,
        places=places,
        attribution=cues["attribution"],
        quotation=quoted > 0,
        quoted_share=min(1.0, quoted / max(1, len(text))),
        comparison=cues["comparison"],
        causal=cues["causal"],
        hedging=cues["hedging"],
        opinion=cues["opinion"],
        prediction=cues["prediction"],
        event=cues["event"],
        first_person=first_person,
        second_person=len(cues["second_person"]),
        negation=len(cues["negation"]),
        words=len(_WORD.findall(text)),
        question=stripped.endswith("?") or stripped.endswith('?"') or stripped.endswith("?”"),
    )


def _may_have_date(text: str) -> bool:
    # Every date pattern contains a digit, a capitalised month/weekday or one of a few relative words.
    return _DIGIT.search(text) is not None or _DATE_HINT.search(text) is not None


def _is_day_of_date(number: str, date_text: str) -> bool:
    return number.isdigit() and len(number) <= 2 and re.search(rf"\b{number}\b", date_text) is not None


def _names(text: str) -> tuple[list[str], list[str], list[str]]:
    people: list[str] = []
    organisations: list[str] = []
    places: list[str] = []
    for match in NAME_RUN.finditer(text):
        tokens = match.group(0).split()
        # Drop sentence-initial function words and titles so "The Health Ministry" -> "Health Ministry".
        while tokens and tokens[0].lower().rstrip(".") in _NOT_NAMES:
            tokens = tokens[1:]
        had_title = False
        while tokens and tokens[0].lower().rstrip(".") in _TITLES:
            tokens = tokens[1:]
            had_title = True
        if not tokens or all(t.lower().rstrip(".") in _NOT_NAMES for t in tokens):
            continue
        name = " ".join(tokens)
        lowered = {t.lower().rstrip(".") for t in tokens}
        at_start = match.start() == 0 or _SENTENCE_START_BEFORE.search(text, 0, match.start()) is not None
        if lowered & _ORGANISATION_WORDS or (len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1):
            organisations.append(name)
        elif lowered & _PLACE_WORDS:
            places.append(name)
        elif had_title or (len(tokens) >= 2 and all(t[0].isupper() and not t.isupper() for t in tokens)):
            people.append(name)
        elif not at_start or len(tokens) > 1:
            places.append(name)  # a lone capitalised word mid-sentence is most often a place or a thing
    return people, organisations, places


FEATURE_NAMES: tuple[str, ...] = (
    "has_number",
    "number_count",
    "has_date",
    "has_person",
    "has_organisation",
    "has_place",
    "has_attribution",
    "quotation",
    "quoted_share",
    "has_comparison",
    "has_causal",
    "has_hedging",
    "has_opinion",
    "has_prediction",
    "has_event",
    "first_person",
    "second_person",
    "negation",
    "question",
    "log_words",
    "short",
    "long",
)


def feature_vector(report: SignalReport) -> npt.NDArray[np.float32]:
    """Hand-crafted features on comparable scales (0-1 or small counts) for the linear model."""
    return np.array(
        [
            bool(report.numbers),
            min(len(report.numbers), 3) / 3,
            bool(report.dates),
            bool(report.people),
            bool(report.organisations),
            bool(report.places),
            bool(report.attribution),
            report.quotation,
            report.quoted_share,
            bool(report.comparison),
            bool(report.causal),
            bool(report.hedging),
            bool(report.opinion),
            bool(report.prediction),
            bool(report.event),
            min(report.first_person, 3) / 3,
            min(report.second_person, 3) / 3,
            min(report.negation, 3) / 3,
            report.question,
            np.log1p(report.words) / 4,
            report.words < 6,
            report.words > 40,
        ],
        dtype=np.float32,
    )
