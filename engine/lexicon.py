"""Every word list the engine looks words up in, once: calendar words, stopwords, negations, cue words, titles.

Rules keep their phrase patterns (regular expressions) beside the code that reads them; the plain word lists they
consult live here, so a list is changed in one place and a variant is a named, deliberate choice. Where two rules
need slightly different lists, both variants are here under names that say which is which.
"""

from __future__ import annotations


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _in_order(words: str) -> tuple[str, ...]:
    return tuple(words.split())


def _phrases(words: str) -> frozenset[str]:
    """Whitespace-separated phrases, with "_" standing for a space inside a multi-word phrase."""
    return frozenset(phrase.replace("_", " ") for phrase in words.split())


# Calendar words ---------------------------------------------------------------------------------------------------

WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
MONTH_NAMES = _words("january february march april may june july august september october november december")
# "may" has no abbreviation; "sep" and "sept" both abbreviate September.
MONTH_ABBREVIATIONS = _words("jan feb mar apr jun jul aug sep sept oct nov dec")
# Month number by lower-case name or abbreviation.
MONTH_NUMBERS: dict[str, int] = {
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
# Capitalised at the start of a name-like run, but never a person, place or organisation. Attribution skips only
# these full names at the start of a speaker's name ("Jan" may be a first name there).
CALENDAR_WORDS = WEEKDAYS | MONTH_NAMES
# The same with month abbreviations: never a place, a distinctive name or a named subject of an article.
CALENDAR_WORDS_AND_ABBREVIATIONS = CALENDAR_WORDS | MONTH_ABBREVIATIONS

# Function words ---------------------------------------------------------------------------------------------------

# Words that carry no content when two texts are compared token by token (matching, retrieval).
STOPWORDS = _words(
    "a an the and or but if of at by for with about against between into through during before after above "
    "below to from up down in out on off over under again further then once here there when where why how all "
    "any both each few more most other some such only own same so than too very can will just should now is are "
    "was were be been being have has had having do does did doing would could may might must shall it its "
    "itself he him his she her they them their theirs we us our you your i me my this that these those who whom "
    "which what as also said says told according while since until because s t"
)

# The review desk's shorter list for highlighting shared words between a claim and a passage: it keeps words
# such as "according" or "because" visible and hides "late".
HIGHLIGHT_STOPWORDS = _words(
    "a about after all also an and any are as at be been before but by can could did do does for from had has "
    "have he her his i in into is it its late more most of on or our out over said says she so than that the "
    "their them then there these they this those to up was we were what when where which who will with would "
    "you"
)

# Common words per language for a cheap language guess, by ISO 639-1 code (the order breaks ties between them).
LANGUAGE_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("the and of to in is that it was for on are with as by this be at from have has not"),
    "es": _words("el la de que y en los las del se por un una para con no es al lo como más"),
    "fr": _words("le la les de des et en un une du est que pour dans qui sur pas au avec ce"),
    "de": _words("der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch"),
    "it": _words("il di che la è e per un una del non della con sono gli le nel alla più"),
    "pt": _words("o a de que e do da em um uma para com não os no se na por mais as dos"),
    "nl": _words("de het een en van is dat op te in voor niet met zijn er aan ook maar"),
    "sw": _words("na ya wa kwa ni za katika la kuwa hiyo cha hii watu pia lakini"),
}

# Auxiliary verbs: "were also badly hurt" -- what happened is the participle after them.
AUXILIARIES = _words("were was are is had have has been be being")

# Words that end the phrase after a figure: "three guards were hurt | in the attack".
PHRASE_BREAKS = _words("on in at near for from by with after before and when")

# Words a shortened claim must not end on before its ellipsis ("... the record for a…").
DANGLING_WORDS = PHRASE_BREAKS | _words("the a an of to that which who whose whom its their his her our as or but than")

# Adverbs that do not end in -ly but sit between an auxiliary and its participle.
ADVERBS_WITHOUT_LY = _words("also all later reportedly then still since both")

# Negation -------------------------------------------------------------------------------------------------------

# Negation cues are content for matching purposes: dropping them would make "did not resign" equal "resigned".
NEGATIONS = _words("no not never none nobody nothing neither nor without nt cannot")

# Negated auxiliaries as folding writes them ("didn't" -> "didnt").
CONTRACTED_NEGATIONS = _words(
    "didnt doesnt dont wasnt werent isnt arent hasnt havent hadnt wont cant couldnt wouldnt shouldnt"
)

# "not clear", "did not comment", "has not been named": reporting caveats, not a denial of the fact.
HEDGING_HEADS = _words(
    "clear immediately known available comment respond identified named publicly yet only just sure certain"
)

# Numbers --------------------------------------------------------------------------------------------------------

# Written-out numbers are normalised so "three" and "3" agree; the number reader parses larger compounds.
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

# Multiplier of each scale word or abbreviation after a figure ("2.5bn", "3 million").
SCALE_MULTIPLIERS: dict[str, float] = {
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

# Scale words that belong to the figure before them ("$210 million" is one number, not two).
SCALE_WORDS_AFTER_DIGITS = _phrases("thousand million billion trillion percent per_cent")

# Hedges that bound a count from below ("at least 40") or above ("nearly 40").
LOWER_BOUND_HEDGES = _phrases("at_least more_than over as_many_as")
UPPER_BOUND_HEDGES = _phrases("nearly almost up_to fewer_than less_than under")

# Units that count anyone, so they never make two counts of casualties count different things.
GENERIC_COUNT_UNITS = _words("people person persons others individual")

# Casualties, money and outcomes -----------------------------------------------------------------------------------

KILLED_WORDS = _words("killed dead died death deaths fatalities fatality lives bodies toll")

INJURED_WORDS = _words("injured hurt wounded injuries injury harmed hospitalised hospitalized casualties")

# Units a figure is counted in: the same figure in another unit is another fact ("48 minutes" / "48 hours").
UNIT_WORDS = _words(
    "second seconds minute minutes hour hours day days week weeks month months year years decade decades "
    "metre metres meter meters kilometre kilometres kilometer kilometers km mile miles foot feet inch inches "
    "kilogram kilograms kg pound pounds ton tons tonne tonnes litre litres liter liters gallon gallons percent"
)
CURRENCY_WORDS = _words("dollars dollar euros euro pounds yuan yen rupees shillings usd")

# Opposite outcomes of one event: each entry is (aspect, one side, the other side); a word negated flips sides.
OUTCOMES: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    (
        "damage",
        _words("undamaged intact unscathed spared unaffected standing"),
        _words("collapsed destroyed damaged razed demolished flattened gutted collapse"),
    ),
    ("verdict", _words("acquitted cleared exonerated"), _words("convicted guilty sentenced")),
    ("vote", _words("approved passed adopted ratified endorsed"), _words("rejected defeated vetoed blocked")),
    (
        "direction",
        _words("rose increased grew climbed jumped gained surged soared higher"),
        _words("fell decreased dropped declined slumped plunged shrank lower tumbled"),
    ),
    ("result", _words("won wins victory victorious"), _words("lost loses defeat conceded")),
    ("confirmation", _words("confirmed admitted acknowledged"), _words("denied disputed")),
    ("access", _words("open opened reopened"), _words("closed shut")),
    ("custody", _words("released freed"), _words("arrested detained jailed captured")),
)

# Actors and places ----------------------------------------------------------------------------------------------

# Verbs whose subject is who did it: two reports naming different subjects for one of them clash.
ACTOR_VERBS = _words(
    "claimed carried launched attacked fired killed won announced admitted seized captured shelled bombed "
    "struck arrested led signed ordered"
)

# Generic head nouns after a group's name: "Islamic State group claimed".
ACTOR_HEADS = _words("group militants fighters forces troops rebels officials police")

# Capitalised only because they open the sentence: not names, so two of them never clash as actors.
COMMON_SUBJECTS = _words(
    "police officials witnesses residents authorities troops soldiers militants gunmen protesters rebels they "
    "he she it we investigators doctors medics security forces government attackers fighters prosecutors "
    "researchers scientists officers"
)

# Prepositions a place name follows.
PLACE_PREPOSITIONS = _words("in at near outside")

# Fillers an inline acronym definition may skip: "Organisation of the Petroleum Exporting Countries (OPEC)".
ACRONYM_FILLERS = _words("of the for and de du des al el")

# Last words of an acronym's expansion that make it an armed group or organisation an article keeps referring to.
ORGANISATION_HEADS = _words("forces front army movement group brigades militia party")

# First words of a phrase before "militants" or "fighters" that do not name a group ("security forces").
NOT_REFERENTS = _words("the a an security government police army local")

# Well-known exonym/transliteration pairs that edit distance alone does not catch (Kiev vs Kyiv differ in 2 of 4).
SPELLING_ALIASES: dict[str, str] = {
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

# Names, titles and speakers ---------------------------------------------------------------------------------------

# A capitalised run containing one of these names an organisation ("the Health Ministry").
ORGANISATION_NAME_WORDS = _words(
    "ministry department council police university institute agency commission court bank company corp "
    "corporation inc ltd group party parliament congress senate assembly committee government association union "
    "office board authority service services organisation organization foundation fund army navy forces reuters "
    "press news times post guardian bbc cnn airlines hospital school club league federation church society "
    "network center centre bureau administration herald tribune journal gazette telegraph mirror chronicle "
    "courier"
)

# Head nouns of an unnamed speaker who is one person ("one former senior intelligence official said"): a later
# "he/she said" in the paragraph refers to them.
SINGLE_PERSON_HEADS = _words(
    "official spokesman spokeswoman spokesperson source officer witness resident man woman boy girl mother father "
    "wife husband son daughter friend neighbour neighbor doctor lawyer analyst expert diplomat minister aide insider "
    "employee worker student teacher victim survivor commander soldier fisherman driver passenger pilot"
)

# Abbreviated titles followed by a name, after which a full stop does not end the sentence ("Lt. Col. Smith").
ABBREVIATED_TITLES = _words(
    "mr mrs ms dr prof gen col lt gov sen rep sgt capt cpt maj adm cmdr st rev fr hon pres supt insp det brig "
    "cpl pvt ofc messrs mme mlle"
)

# Every form of a reporting verb whose subject is the speaker ("said", "tells", "noting"), for the parse-based
# attribution; "according to" is handled as a phrase. Not "state(s)": in "the United States" it is a noun, and every
# sentence that mentions the country would be parsed for nothing.
REPORTING_VERB_FORMS = _words(
    "say says said saying tell tells told telling add adds added adding announce announces announced announcing "
    "stated stating claim claims claimed claiming confirm confirms confirmed confirming deny denies "
    "denied denying warn warns warned warning explain explains explained explaining insist insists insisted "
    "argue argues argued arguing testify testifies testified write writes wrote writing note notes noted noting "
    "stress stresses stressed declare declares declared tweet tweets tweeted admit admits admitted acknowledge "
    "acknowledges acknowledged allege alleges alleged estimate estimates estimated report reports reported "
    "reporting assert asserts asserted suggest suggests suggested reveal reveals revealed disclose disclosed "
    "quote quoted recount recounted describe described predict predicted promise promised "
    "caution cautions cautioned cautioning remark remarks remarked"
)

# Reporting verbs that as often take a thing as their subject ("the data suggest", "the figures reveal"): a clause
# built on one relays no other speaker. Forms, not lemmas: the spaCy pipeline runs without its lemmatizer.
EVIDENCE_VERB_FORMS = _words(
    "suggest suggests suggested estimate estimates estimated predict predicted reveal reveals revealed "
    "describe described"
)

# Prepositions that narrow an unnamed speaker down after its noun ("officials in the ministry", "a source within the
# army", "a spokesman for the company").
NARROWING_PREPOSITIONS = _words("in at within from with inside of for")

# Nouns that, definite and unowned, stand for a newspaper named earlier ("the paper said", "the British daily said").
OUTLET_DESCRIPTIONS = _words("paper daily tabloid broadsheet")

# Heads of a source that is not a person or an organisation: "according to pictures circulating on social media"
# names a source type, not a speaker. Not "media": "state media reported" names the outlets that spoke.
SOURCE_TYPE_NOUNS = _words(
    "picture pictures photo photos photograph photographs image images video videos footage clip clips report "
    "reports statement statements document documents study studies survey surveys poll polls data figures "
    "record records post posts tweet tweets message messages letter letters filing filings account accounts "
    "rumour rumours rumor rumors website websites site sites article articles analysis recording recordings "
    "memo footages screenshot screenshots audio map maps estimate estimates research paper papers myth myths "
    "legend legends dictionary law act autopsy test tests testing results disclaimer disclaimers ad ads advert "
    "adverts advertisement advertisements assessment assessments"
)

# What "claim" takes when it means taking or owning, not saying: "claimed responsibility", "claimed 12 lives".
CLAIMED_THINGS = _words("responsibility credit lives life victory victories title titles seat seats prize asylum")

# Pronoun subjects of a reporting verb that point back to a speaker named earlier in the paragraph.
BACK_REFERRING_PRONOUNS = _words("he she they it")

# Subjects that name an unidentified speaker, kept as written ("some have claimed", "said another", "added a
# third"): a reviewer should see that the claim rests on someone unnamed, not that nobody made it.
INDEFINITE_SPEAKERS = _words("some another others many several one second third fourth fifth everyone everybody")

# Words of a speaker's role; they read better lower-cased ("Police spokeswoman" -> "police spokeswoman").
ROLE_WORDS = _words(
    "police spokeswoman spokesman spokesperson minister president prime secretary governor mayor senator "
    "representative chief officer director manager head leader chairman chairwoman chair ceo executive "
    "commander general colonel lieutenant captain sergeant judge justice attorney lawyer professor doctor "
    "analyst economist researcher scientist official officials deputy assistant vice former acting interim "
    "health foreign finance interior defence defense education state federal regional local senior "
    "junior press communications fire city county department ministry agency company party opposition campaign "
    "team coach founder owner resident witness survivor teacher nurse engineer adviser advisor advisers "
    "spokespeople member members councillor councilman councilwoman lt gen col sgt capt sheriff ambassador envoy "
    "inspector superintendent"
)

# Check-worthiness cues ------------------------------------------------------------------------------------------

# Cue phrases per category, matched on lower-cased tokens (multi-word cues use "_" for spaces here).
SIGNAL_CUES: dict[str, frozenset[str]] = {
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
        "strikes hits seizes fines elects appoints dies broke_out caught_fire burned spread "
        "photographed filmed named rushed hospitalised hospitalized discharged born gave_birth married divorced "
        "published uploaded discovered detained jailed freed escaped kidnapped abducted beheaded executed deported "
        "founded built donated"
    ),
    "first_person": _phrases("i i'm i've i'd i'll me my mine we we're we've we'll our ours myself ourselves"),
    "second_person": _phrases("you your you're you've yours yourself"),
    "negation": _phrases("not no never nobody nothing none"),
}
