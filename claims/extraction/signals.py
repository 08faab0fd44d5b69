"""Surface cues that make a sentence worth checking, as reviewer-facing strings and as model features.

Every pattern here is a flat alternation or a bounded repetition, so matching stays linear in the sentence length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

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
)
# "May" alone is usually the modal verb, so a bare month needs a day or a year to count for it.
_BARE_AMBIGUOUS_MONTH = re.compile(r"^(?:May|March|June?|July?)$")
_SCALE = r"(?:thousand|million|billion|trillion|bn|m|k|per\s?cent|percent|%)"
NUMBER = re.compile(
    rf"(?:[$€£¥]\s?)?\b\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?:\s?{_SCALE}\b|%)?"
    rf"|(?:[$€£¥]\s?)?\b\d+(?:\.\d+)?(?:\s?{_SCALE}\b|%)?"
    rf"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    rf"|hundred|dozens?|hundreds|thousands|millions|billions|half|quarter|third|twice|double|triple)"
    rf"(?:\s(?:hundred|thousand|million|billion|trillion|percent|per\scent))?\b",
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(r"^(?:1[89]|20)\d\d$")
ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|tells|according\sto|announced|announces|reported|reports|stated|states|claimed"
    r"|claims|confirmed|confirms|denied|denies|warned|warns|added|adds|explained|insisted|argued|testified"
    r"|estimated|estimates|admitted|acknowledged|alleged|wrote|tweeted|posted)\b",
    re.IGNORECASE,
)
QUOTATION = re.compile(r"[\"“”„«»]|(?:^|\s)‘|’(?=\s|$|[.,;:!?])")
_QUOTED_SPAN = re.compile(r"[\"“„«]([^\"“”„«»]{12,})[\"”»]")
COMPARISON = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|faster|slower|better|worse|cheaper)\sthan\b"
    r"|\b(?:most|least|highest|lowest|largest|smallest|biggest|fastest|worst|best|record|first|only)\b"
    r"|\b(?:compared\s(?:with|to)|up\sfrom|down\sfrom|doubled|tripled|halved|twice\sas|as\smuch\sas|as\smany\sas)\b"
    r"|\b(?:increased?|decreased?|rose|risen|fell|fallen|dropped|grew|declined|surged|plunged|jumped|soared)\b",
    re.IGNORECASE,
)
CAUSAL = re.compile(
    r"\b(?:because|due\sto|as\sa\sresult|caused|causes|cause|led\sto|leads\sto|resulted\sin|results\sin"
    r"|therefore|thanks\sto|blamed|blames|responsible\sfor|linked\sto|triggered|contributed\sto|so\sthat)\b",
    re.IGNORECASE,
)
HEDGING = re.compile(
    r"\b(?:may|might|could|possibly|perhaps|reportedly|allegedly|apparently|appears?|seems?|likely|unlikely"
    r"|probably|unclear|suggests?|estimated|approximately|about|around|nearly|almost|roughly)\b",
    re.IGNORECASE,
)
OPINION = re.compile(
    r"\b(?:should|must|ought|i\sthink|i\sbelieve|we\sneed|i\sfeel|in\smy\sview|i\shope|i\swant|we\swant"
    r"|great|terrible|wonderful|horrible|disgrace(?:ful)?|shameful|outrageous|amazing|beautiful|tremendous"
    r"|wrong|right\sthing|ridiculous|absurd|fantastic|sad|unfair|good|bad)\b",
    re.IGNORECASE,
)
PREDICTION = re.compile(
    r"\b(?:will|won't|shall|is\sexpected\sto|are\sexpected\sto|expects?|forecasts?|forecasted|projected"
    r"|plans?\sto|planned|going\sto|is\sset\sto|are\sset\sto|predicts?|predicted|next\s(?:year|month|week))\b",
    re.IGNORECASE,
)
EVENT = re.compile(
    r"\b(?:killed|died|dead|injured|wounded|arrested|charged|convicted|sentenced|elected|resigned|appointed"
    r"|fired|launched|signed|passed|voted|approved|rejected|banned|attacked|struck|hit|collapsed|exploded"
    r"|erupted|flooded|destroyed|damaged|evacuated|displaced|rescued|won|lost|beat|defeated|announced|opened"
    r"|closed|acquired|bought|sold|invaded|captured|seized|fined|sued|filed|raided|crashed|shot|murdered"
    r"|occurred|happened|took\splace|was\sheld|were\sheld|met|visited|declared|imposed|introduced|released)\b",
    re.IGNORECASE,
)
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|we|we're|we've|our|us)\b")
SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you've)\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|no|never|n't|nobody|nothing|none)\b|n't\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
# Capitalised runs: "Maria Ortiz", "J. R. Smith", "the Health Ministry", "U.N.". Bounded at five tokens.
_NAME_TOKEN = r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|[A-Z]\.(?:[A-Z]\.)*|[A-Z]{2,6}|Mc[A-Z][a-z]+)"
NAME_RUN = re.compile(rf"\b{_NAME_TOKEN}(?:\s(?:of\s(?:the\s)?|de\s|van\s|al-)?{_NAME_TOKEN}){{0,4}}")
_ORGANISATION_WORDS = frozenset(
    "ministry department council police university institute agency commission court bank company corp "
    "corporation inc ltd group party parliament congress senate assembly committee government association "
    "union office board authority service services organisation organization foundation fund army navy "
    "forces reuters press news times post guardian bbc cnn airlines hospital school club league federation "
    "church society network center centre bureau administration".split()
)
_PLACE_WORDS = frozenset(
    "street road avenue river lake mountain mount county province state city island republic district "
    "region valley bay sea ocean coast kingdom".split()
)
# Capitalised words that start sentences or headlines without naming anything.
_NOT_NAMES = frozenset(
    "the a an and but or if in on at for to of by with from as it its this that these those there here he she "
    "they we i you his her their our my your mr mrs ms dr so yet now then when while after before since "
    "however meanwhile also but still even just what who why how where which no yes not all some many most "
    "one two three monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec "
    "well look let thank thanks okay ok because let's".split()
)
_TITLES = frozenset(
    "mr mrs ms dr prof president senator sen gov governor rep representative minister secretary gen general "
    "col colonel lt captain capt sgt judge justice mayor chief officer inspector sir lady lord king queen "
    "prince princess pope rev father sister brother".split()
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
    dates = [d for d in _matches(DATE, text) if not _BARE_AMBIGUOUS_MONTH.match(d)]
    date_text = " ".join(dates)
    numbers = [
        n
        for n in _matches(NUMBER, text)
        if not (_YEAR_ONLY.match(n) and n in date_text) and not _is_day_of_date(n, date_text)
    ]
    people, organisations, places = _names(text)
    quoted = sum(len(m.group(1)) for m in _QUOTED_SPAN.finditer(text))
    stripped = text.rstrip()
    return SignalReport(
        numbers=numbers,
        dates=dates,
        people=people,
        organisations=organisations,
        places=places,
        attribution=[a.lower() for a in _matches(ATTRIBUTION, text)],
        quotation=bool(_QUOTED_SPAN.search(text)),
        quoted_share=min(1.0, quoted / max(1, len(text))),
        comparison=[c.lower() for c in _matches(COMPARISON, text)],
        causal=[c.lower() for c in _matches(CAUSAL, text)],
        hedging=[h.lower() for h in _matches(HEDGING, text)],
        opinion=[o.lower() for o in _matches(OPINION, text)],
        prediction=[p.lower() for p in _matches(PREDICTION, text)],
        event=[e.lower() for e in _matches(EVENT, text)],
        first_person=len(FIRST_PERSON.findall(text)),
        second_person=len(SECOND_PERSON.findall(text)),
        negation=len(NEGATION.findall(text)),
        words=len(_WORD.findall(text)),
        question=stripped.endswith("?") or stripped.endswith('?"') or stripped.endswith("?”"),
    )


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
        at_start = match.start() == 0 or text[: match.start()].strip() in {"", '"', "“", "(", "‘"}
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
