"""A passage that denies what the claim asserts, in its own words: "Managua explosion not a meteorite, NASA suggests".

Most real clashes between outlets are not two values for one slot but a second report or an expert denying the first
one's fact: "spiders ... are not able to burrow", "they had no record of O'Neal being a priest", "None of the 28
bodies ... belongs to" the missing students, "being described as a hoax". The slot rules name nothing there (the
negation rule only compares near-copies of one sentence). A refutation is what the reviewer is shown for such a
clash and, unless the desk turns refutations off (FACTCHECK_STANCE_REFUTATIONS), it lets the model's contradiction pass
at the cut for clashes the rules can name. It is not a differing value, but a passage that denies the claim is never
shown as confirming it (engine.stance.decision). What only looks like a denial is left out: "has not been seen since"
confirms "went missing", "not the first time" denies nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from itertools import pairwise

from engine.lexicon import AUXILIARIES, CONTRACTED_NEGATIONS, HEDGING_HEADS, NEGATIONS, STOPWORDS
from engine.matching.facts.extract import Facts
from engine.matching.text.tokens import fold
from engine.matching.types import Difference, Slot

# Words that call a whole report untrue.
REFUTING_WORDS = frozenset(
    {"hoax", "hoaxes", "fake", "false", "untrue", "debunked", "fabricated", "bogus", "myth", "satire", "satirical"}
    | {"rubbish", "nonsense", "baseless", "unfounded", "fabrication", "doctored", "photoshopped", "bullshit"}
)
# What a negation calls a whole report when it comes next: "Hugh Hefner Dead Rumors Not True", "That ESPN Domestic
# Violence Panel ... Isn't Real".
NEGATED_VERDICTS = frozenset({"true", "real", "genuine", "authentic"})
# Refuting words that also describe a thing: "a website of fake stories", "a fake passport", "a false alarm". Followed
# by a noun the claim does not use, they call that thing untrue, not the claim's report.
ATTRIBUTIVE_REFUTING_WORDS = frozenset(
    {"fake", "false", "bogus", "fabricated", "satirical", "untrue", "doctored", "photoshopped", "baseless", "unfounded"}
)
# Adverbs that call what a report said untrue when a verb of reporting or suggesting follows ("falsely reported
# that", "to wrongly suggest"), and the words before "lie" that make it the noun ("The lie is this:", "a Lie"). Not
# "mistakenly" or "erroneously": they mostly describe an act that happened ("mistakenly struck a wedding party").
UNTRUE_REPORT_ADVERBS = frozenset({"falsely", "wrongly"})
REPORTING_STEMS = (
    "report",
    "claim",
    "suggest",
    "said",
    "say",
    "state",
    "allege",
    "attribut",
    "portray",
    "present",
    "describ",
    "link",
    "credit",
    "identif",
    "accus",
    "label",
    "brand",
    "spread",
    "circulat",
)
LIE_DETERMINERS = frozenset({"the", "a", "big", "outright"})
# Nouns for where a story came from: a verdict adjective before one ("a fake news site", "Fake-News Report Claims ...",
# "a satirical website") calls the story's source untrue, so the story too. Not "story": "a website of fake stories"
# calls those stories fake, not the claim.
SOURCE_NOUNS = frozenset({"news", "site", "website", "report", "outlet", "article", "account"})
# How far after its verdict a source noun may come: a name between them ("Fake Fox News Website", "a fake Banksy
# account").
SOURCE_NOUN_SCOPE = 3
SOURCE_VERDICTS = frozenset({"fake", "satirical", "parody", "spoof"})
# A negated confirmation says nobody vouches for the claim, not that it is wrong: "no government agency confirms
# anything remotely close", "could not verify".
CONFIRMING_WORDS = frozenset(
    {"confirm", "confirms", "confirmed", "confirming", "verify", "verifies", "verified", "corroborate", "corroborated"}
)
# A negated perception is the speaker's experience, not a denial: "we have never seen the Tessel rise this fast",
# "has not been seen since" (which confirms "went missing").
PERCEPTION_WORDS = frozenset(
    {"seen", "saw", "see", "heard", "hear", "experienced", "witnessed", "encountered", "known", "felt"}
)
# A negation right after an instruction is what someone was told to do or avoid, not a denial of a fact: "told
# residents not to go back to evacuated homes" says what "urged residents to stay away" says.
DIRECTIVE_WORDS = frozenset(
    {
        "told",
        "tells",
        "urged",
        "urges",
        "asked",
        "asks",
        "warned",
        "warns",
        "advised",
        "advises",
        "ordered",
        "orders",
        "instructed",
        "cautioned",
        "begged",
        "encouraged",
    }
)
# Words by which a report relays a story without asserting it: "a video ... purporting to show", "the priest ...
# claims he went to heaven", "allegedly".
DISTANCING_WORDS = frozenset(
    {
        "purported",
        "purportedly",
        "purporting",
        "alleged",
        "allegedly",
        "reportedly",
        "supposedly",
        "claims",
        "claimed",
        "claiming",
    }
)
# Word pairs that do the same: "made it seem as if", "appears to show", "news sites fall for ... video".
DISTANCING_PAIRS = frozenset(
    {
        ("it", "seem"),
        ("it", "seems"),
        ("appears", "to"),
        ("appeared", "to"),
        ("fall", "for"),
        ("falls", "for"),
        ("fell", "for"),
    }
)
# Verbs that deny what follows them: "The Met has denied reports that street artist Banksy has been arrested",
# "Kurds Deny Gill Rosenberg was in Kobane". Not the adjectival ones ("the disputed region", "a rejected bid"), and not
# "debunked", which calls a whole report untrue (REFUTING_WORDS).
DENIAL_VERBS = frozenset(
    {"deny", "denies", "denied", "denying", "refute", "refutes", "refuted", "refuting", "debunk", "debunks"}
    | {"rebut", "rebuts", "rebutted", "rebuff", "rebuffs", "rebuffed", "retract", "retracts", "retracted"}
)
# Verdict nouns that a denial verb turns round: "denied it was a hoax" and "denies surgery hoax claims" say the story
# is true; a claim called bogus or fake is still denied ("denies the bogus claim that a planetary alignment ...").
DENIED_VERDICTS = REFUTING_WORDS - ATTRIBUTIVE_REFUTING_WORDS
# Words of a claim that itself reports a denial or a reversal: a passage denying the same thing agrees with it
# ("Bale has withdrawn from the role" / "Bale will not be starring", "claim dismissed as hoax" / "no record of him",
# "DHS spokesperson ... refuted the rumor" / "... is categorically false", a story called a spoof / a hoax).
REVERSAL_WORDS = (
    REFUTING_WORDS
    | DENIAL_VERBS
    | SOURCE_VERDICTS
    | frozenset(
        {
            "dismissed",
            "dismisses",
            "rejected",
            "rejects",
            "refused",
            "refuses",
            "withdrawn",
            "withdrew",
            "withdraws",
            "quit",
            "quits",
            "cancelled",
            "canceled",
            "scrapped",
            "abandoned",
            "ruled",
            "dropped",
            "pulled",
            "disputed",
            "disputes",
        }
    )
)
# A denial verb takes a clause ("denied reports that ... has been arrested"): what it denies reaches further.
DENIAL_SCOPE = 10
# What news does to a report it calls untrue: kills, quashes, dispels, squashes or scotches it, shoots it down, puts
# it to rest ("Zack Snyder Kills Stolen Batmobile Rumor", "Rumor Put To Rest", "Officials shoot down congressman's
# claims"). Not "dismiss" ("the judge dismissed the claims" ends a lawsuit) and not "lay to rest" (a burial).
RUMOUR_NOUNS = frozenset({"rumor", "rumors", "rumour", "rumours", "speculation"})
CLAIM_NOUNS = frozenset({"claim", "claims", "assertion", "assertions"})
REPORT_NOUNS = frozenset({"report", "reports"})
# Never literal, so they end any kind of report.
RUMOUR_ENDING_VERBS = frozenset(
    {"quash", "quashes", "quashed", "quashing", "dispel", "dispels", "dispelled", "dispelling"}
    | {"squash", "squashes", "squashed", "squashing", "scotch", "scotches", "scotched", "scotching"}
)
# Literal too ("ISIS kills three hostages, claims ...", "shot down a plane"): they take a rumour only, and "shoot down"
# also a claim right after it or after a possessive ("shoots down Duncan Hunter's assertion").
KILLING_VERBS = frozenset({"kill", "kills", "killed", "killing"})
SHOOTING_VERBS = frozenset({"shoot", "shoots", "shot", "shooting"})
RESTING_VERBS = frozenset({"put", "puts", "putting"})
# How far apart the verb and its rumour noun may be: "Kills Stolen Batmobile Rumor".
RUMOUR_SCOPE = 3
ARTICLES = frozenset({"a", "an", "the"})
# A negated "exist" denies the thing named before it ("London Police Chief Lyndon Edwards doesn't exist", "the
# agency never existed"), not a word after it.
EXISTENCE_WORDS = frozenset({"exist", "exists", "existed", "existing"})
# How many words before such a negation can name the thing denied: "Edwards doesn't", "Edwards does not".
EXISTENCE_SUBJECT_SCOPE = 3
# How many words open a claim: a negation among them denies the claim's main statement.
OPENING_WORDS = 6
# How many words after a negation can carry what it denies: "could not have come from asteroid".
NEGATION_SCOPE = 6
# Claim words shorter than this are too common to tie a denial to the claim ("man", "day").
MIN_SHARED_WORD = 4
# The forms of a death, one fact to a denial: a death hoax is denied in other words than it is told ("al-Baghdadi Not
# Dead" / "was killed by an airstrike", "Hasn't Died" / "is dead"). Folded words.
DEATH_WORDS = frozenset({"dead", "died", "dies", "die", "dying", "death", "killed", "kill", "kills", "deceased"})
# "Alive" denies a death ("Relax ladies, Hugh Hefner is alive and kicking"), except as the manner of a killing.
KILLING_MANNERS = frozenset({"burned", "burnt", "buried", "eaten", "skinned", "boiled", "cooked"})
ALIVE_ASKED = re.compile(r"\balive\s*\?", re.IGNORECASE)


def find_refutation(claim: Facts, passage: Facts) -> Difference | None:
    """The passage's denial of something the claim asserts, as (claim word, passage phrase), or None.

    A denial is a negation of a word the claim asserts ("not a meteorite"), a denial verb taking a clause with one
    ("denied reports that street artist Banksy has been arrested"), or a verdict on the whole report ("a hoax", "Not
    True", "Isn't Real", "Made It All Up"; then the claim's opening words stand for what is denied). Only when the
    claim itself denies or reverses nothing (two negated texts are the slot rules' business, and a passage denying what
    a claim reports as withdrawn agrees with it), and the denial is not a reporting caveat ("did not comment", "not
    immediately clear"), a change over time ("no longer") or a denied verdict ("denied it was a hoax"). The forms
    of a death are one word here ("Not Dead" denies "was killed"), and "alive" denies a death ("Hugh Hefner is alive
    and kicking").
    """
    claim_lowered = _folded(claim)
    if _has_denial(claim_lowered):
        return None
    # In the claim's order (a dict keeps it), so the claim word a denial is matched to never depends on set order.
    claim_words = dict.fromkeys(
        word for word in claim_lowered if len(word) >= MIN_SHARED_WORD and word not in STOPWORDS
    )
    lowered = _folded(passage)
    turned_round_until = -1  # a verdict word a denial verb turns round ("denied it was a hoax") denies nothing
    for index, word in enumerate(lowered):
        if word == "made" and lowered[index + 1 : index + 2] == ["it"] and "up" in lowered[index + 2 : index + 4]:
            # "Made It All Up", "made it up": the report invented ("made up of three parts" is not one).
            end = index + 2 + lowered[index + 2 : index + 4].index("up")
            return _whole_report(claim, " ".join(passage.words[index : end + 1]))
        if index > turned_round_until:
            source_called = _untrue_source(passage, lowered, index, claim_words)
            if source_called:
                return _whole_report(claim, source_called)
            said_untrue = _said_untrue(lowered, index)
            if said_untrue > index or (said_untrue == index and word not in claim_words):
                return _whole_report(claim, " ".join(passage.words[max(0, index - 1) : said_untrue + 1]))
            rumour_ended = _rumour_ended(lowered, index)
            if rumour_ended is not None:
                start, end = rumour_ended
                return _whole_report(claim, " ".join(passage.words[start : end + 1]))
        if word in REFUTING_WORDS and word not in claim_words and index > turned_round_until:
            following = lowered[index + 1 : index + 2]
            if word in ATTRIBUTIVE_REFUTING_WORDS and _describes_another_thing(following, claim_words):
                continue
            return _whole_report(claim, " ".join(passage.words[max(0, index - 2) : index + 1]))
        if word == "alive":
            denied_death = _alive(passage, lowered, index, claim_words)
            if denied_death is not None:
                return denied_death
        if word in DENIAL_VERBS:
            scope_end = min(len(lowered), index + 1 + DENIAL_SCOPE)
            if any(
                lowered[position] in DENIED_VERDICTS or lowered[position] == "lie"
                for position in range(index + 1, scope_end)
            ):
                turned_round_until = scope_end - 1
                continue
            denial = _denied_by_verb(passage, lowered, index, claim_words)
            if denial is not None:
                return denial
            continue
        if not _is_negation(word) or word == "without":
            continue
        if word == "no" and lowered[index + 1 : index + 2] == ["longer"]:
            continue  # "will no longer be playing": a change over time, for the time rules, not a denial
        if lowered[index + 1 : index + 2] and lowered[index + 1] in NEGATED_VERDICTS and index > turned_round_until:
            # "Rumors Not True", "Isn't Real": the report called untrue, like "hoax".
            return _whole_report(claim, " ".join(passage.words[max(0, index - 2) : index + 2]))
        # (position, word) after the negation, auxiliaries left out: "did not have come" reads as "come".
        scope = [
            (position, lowered[position])
            for position in range(index + 1, min(len(lowered), index + 1 + NEGATION_SCOPE))
            if lowered[position] not in AUXILIARIES
        ]
        if scope and (scope[0][1] in HEDGING_HEADS or scope[0][1] in PERCEPTION_WORDS):
            continue
        if any(scoped == "first" for _position, scoped in scope[:3]):
            continue  # "not the first time", "not Rosenberg's first tryst": an idiom, not a denial
        if scope and scope[0][1] in EXISTENCE_WORDS:
            denied_entity = _denied_existence(passage, lowered, index, scope[0][0], claim_words)
            if denied_entity is not None:
                return denied_entity
            continue
        if any(before in DIRECTIVE_WORDS for before in lowered[max(0, index - 3) : index]):
            continue
        if any(scoped in CONFIRMING_WORDS for _position, scoped in scope):
            continue
        for position, denied in scope:
            if denied in STOPWORDS or len(denied) < MIN_SHARED_WORD or any(char.isdigit() for char in denied):
                # A figure or a year after a negation is a bound ("not expected to begin before 2027", "no more
                # than 5"), not a denial; a different figure is the number rule's business.
                continue
            asserted = next((claim_word for claim_word in claim_words if _same_word(claim_word, denied)), None)
            if asserted is not None:
                phrase = " ".join(passage.words[index : position + 1])
                return Difference(Slot.NEGATION, asserted, phrase)
    return None


def _alive(passage: Facts, lowered: list[str], index: int, claim_words: Collection[str]) -> Difference | None:
    """ "Alive" at `index` denying a death the claim asserts, or None ("not alive", "burned alive", "Alive?")."""
    death = next((word for word in claim_words if word in DEATH_WORDS), None)
    before = lowered[index - 1] if index else ""
    negated = any(_is_negation(word) for word in lowered[max(0, index - 2) : index])  # "not alive", "no longer alive"
    asked = ALIVE_ASKED.search(passage.text) is not None  # "Is Rehana Alive?" asks; it denies nothing
    if death is None or negated or asked or before in KILLING_MANNERS:
        return None
    return Difference(Slot.NEGATION, death, " ".join(passage.words[max(0, index - 1) : index + 1]))


def _whole_report(claim: Facts, called: str) -> Difference:
    """A verdict on the whole report: the claim's opening words stand for what the passage calls untrue."""
    return Difference(Slot.NEGATION, _opening(claim.text), called)


def untrue_source_verdict(word: str) -> str:
    """The verdict of a hyphenated label calling a story's source untrue ("Fake-News" -> "fake"), or "". Folding drops
    hyphens ("fakenews"), so the word is split as written."""
    verdict, _, source = fold(word.replace("-", " ")).partition(" ")
    return verdict if verdict in SOURCE_VERDICTS and source in SOURCE_NOUNS else ""


def _untrue_source(passage: Facts, lowered: list[str], index: int, claim_words: Collection[str]) -> str:
    """The phrase at `index` that calls the story's source fake or satirical ("Fake-News", "Satirical news", "Fake
    Fox News Website", "Fake Account"), or ""."""
    written = passage.words[index]
    labelled = untrue_source_verdict(written) if "-" in written else ""
    if labelled:
        return written if labelled not in claim_words else ""
    verdict = lowered[index]
    if verdict not in SOURCE_VERDICTS or verdict in claim_words:
        return ""
    following = lowered[index + 1 : index + 1 + SOURCE_NOUN_SCOPE]
    noun = next((offset for offset, word in enumerate(following, start=1) if word in SOURCE_NOUNS), 0)
    if not noun:
        return ""
    while index + noun + 1 < len(lowered) and lowered[index + noun + 1] in SOURCE_NOUNS:
        noun += 1  # "Fake Fox News Website": the phrase runs to the last noun
    return " ".join(passage.words[index : index + noun + 1])


def _rumour_ended(lowered: list[str], index: int) -> tuple[int, int] | None:
    """(first, last) position of a phrase ending a rumour whose verb starts at `index` ("kills stolen Batmobile
    rumor", "rumor put to rest"), or None."""
    word = lowered[index]
    if word in RUMOUR_ENDING_VERBS:
        kind, verb_end = "ending", index
    elif word in KILLING_VERBS:
        kind, verb_end = "killing", index
    elif word in SHOOTING_VERBS and lowered[index + 1 : index + 2] == ["down"]:
        kind, verb_end = "shooting", index + 1
    elif word in RESTING_VERBS and lowered[index + 1 : index + 3] == ["to", "rest"]:
        kind, verb_end = "ending", index + 2
    else:
        return None
    for position in range(verb_end + 1, min(len(lowered), verb_end + 1 + RUMOUR_SCOPE)):
        if _ends_rumour(kind, lowered[position], lowered[verb_end + 1 : position], verb_first=True):
            return index, position
    for position in range(max(0, index - RUMOUR_SCOPE), index):
        if _ends_rumour(kind, lowered[position], lowered[position + 1 : index], verb_first=False):
            return position, verb_end
    return None


def _ends_rumour(kind: str, noun: str, between: list[str], *, verb_first: bool) -> bool:
    """Whether a verb of `kind` ends the report `noun` names, with `between` the words that separate them."""
    if noun in RUMOUR_NOUNS:
        return True
    if kind == "ending":
        return noun in CLAIM_NOUNS or noun in REPORT_NOUNS
    if kind == "shooting" and verb_first and noun in CLAIM_NOUNS:
        # "shoot down congressman's claims", not "shot down a plane, claims" or "shot down 2 drones, claims".
        return not any(word in ARTICLES or any(char.isdigit() for char in word) for word in between)
    return False


def _said_untrue(lowered: list[str], index: int) -> int:
    """Where a verdict that a report said something untrue, starting at `index`, ends: the reporting verb of
    "falsely reported" / "wrongly suggest" (one word may come between), `index` itself for the noun "lie" after a
    determiner ("The lie is this:"), or -1."""
    word = lowered[index]
    if word in UNTRUE_REPORT_ADVERBS:
        for position in range(index + 1, min(len(lowered), index + 3)):
            if lowered[position].startswith(REPORTING_STEMS):
                return position
        return -1
    if word == "lie" and index > 0 and lowered[index - 1] in LIE_DETERMINERS:
        return index
    return -1


def _denied_by_verb(passage: Facts, lowered: list[str], index: int, claim_words: Collection[str]) -> Difference | None:
    """What a denial verb at `index` denies of the claim: the furthest claim word in its clause, so the reviewer reads
    the denied statement ("denied reports that street artist Banksy has been arrested"), or None. (A clause with a
    verdict noun in it, "denied it was a hoax", is turned round by the caller before this is asked.)"""
    scope = range(index + 1, min(len(lowered), index + 1 + DENIAL_SCOPE))
    matches = [
        (position, claim_word)
        for position in scope
        if lowered[position] not in STOPWORDS and len(lowered[position]) >= MIN_SHARED_WORD
        for claim_word in claim_words
        if _same_word(claim_word, lowered[position])
    ]
    if not matches:
        return None
    position, asserted = max(matches)
    return Difference(Slot.NEGATION, asserted, " ".join(passage.words[index : position + 1]))


def _denied_existence(
    passage: Facts, lowered: list[str], negation: int, verb: int, claim_words: Collection[str]
) -> Difference | None:
    """The claim's name or noun that a negated "exist" at `verb` denies: one right before the negation, auxiliaries
    skipped ("Edwards does not exist"), or None."""
    before = [
        position
        for position in range(max(0, negation - EXISTENCE_SUBJECT_SCOPE), negation)
        if lowered[position] not in AUXILIARIES
    ]
    for position in reversed(before):
        word = lowered[position]
        if word in STOPWORDS or len(word) < MIN_SHARED_WORD:
            continue
        asserted = next((claim_word for claim_word in claim_words if _same_word(claim_word, word)), None)
        if asserted is not None:
            return Difference(Slot.NEGATION, asserted, " ".join(passage.words[position : verb + 1]))
        return None  # the nearest content word is the subject: another thing than the claim names is denied
    return None


def denies(facts: Facts) -> bool:
    """Whether a text negates, denies, reverses or calls something untrue ("there are no dams", "is a hoax",
    "Israel denies causing floods", "has withdrawn")."""
    return _has_denial(_folded(facts))


def states_a_denial(claim: Facts) -> bool:
    """Whether a claim is itself a denial or a debunk: a reversal or verdict word anywhere ("is a hoax", "dismissed
    as hoax", "has denied"), or a negation among its first words ("In fact, there are no dams", "Sorry, KFC isn't
    going to ..."). A negation deeper in the sentence mostly sits in a clause that describes ("a panel that didn't
    include any women", "filmed how he spent it without the man knowing"): the claim still asserts its story."""
    lowered = _folded(claim)
    opening = lowered[:OPENING_WORDS]
    return any(word in REVERSAL_WORDS for word in lowered) or any(_is_negation(word) for word in opening)


def keeps_distance(passage: Facts) -> bool:
    """Whether a passage does not assert the story it relays: it denies something itself, relays the story as
    someone's claim or an appearance ("purporting to show", "made it seem as if", "claims"), or asks a question.

    Against a claim that is itself a denial or a debunk, such a passage is no contradiction the model alone may show:
    two denials agree ("there are no dams" / "Israel denies ... opening dams"), and a report at a distance ("a video
    popped up purporting to show a bird ... on Putin") relays what the claim calls a hoax without vouching for it.
    """
    lowered = _folded(passage)
    return (
        _has_denial(lowered)
        or "?" in lowered
        or any(word in DISTANCING_WORDS for word in lowered)
        or any(pair in DISTANCING_PAIRS for pair in pairwise(lowered))
    )


def _folded(facts: Facts) -> list[str]:
    return [fold(word) for word in facts.words]


def _is_negation(word: str) -> bool:
    return word in NEGATIONS or word in CONTRACTED_NEGATIONS


def _has_denial(lowered: list[str]) -> bool:
    """Whether folded words negate, deny, reverse or call something untrue."""
    return any(
        _is_negation(word) or word in REVERSAL_WORDS or _said_untrue(lowered, index) >= 0
        for index, word in enumerate(lowered)
    )


def _describes_another_thing(following: list[str], claim_words: Collection[str]) -> bool:
    """Whether a refuting adjective is followed by a noun of its own ("fake stories") rather than standing alone
    ("is fake", "fake, experts say") or describing what the claim is about ("fake priest" for a claim about a
    priest)."""
    if not following:
        return False
    word = following[0]
    if not word.isalpha() or word in STOPWORDS:
        return False
    return not any(_same_word(claim_word, word) for claim_word in claim_words if len(word) >= MIN_SHARED_WORD)


def _opening(text: str, words: int = 6) -> str:
    """The start of a claim, standing for all of it where a passage calls the whole report untrue."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _same_word(claim_word: str, passage_word: str) -> bool:
    """One word in two forms: "burrowed" / "burrow", "meteorite" / "meteorites"; or two words for a death."""
    if claim_word in DEATH_WORDS and passage_word in DEATH_WORDS:
        return True
    stem = min(len(claim_word), len(passage_word), max(MIN_SHARED_WORD, len(passage_word) - 2))
    return claim_word[:stem] == passage_word[:stem]
