"""Word lists shared by the signal and attribution rules."""

# Capitalised at the start of a name-like run, but never a person, place or organisation.
CALENDAR_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)

# Articles, conjunctions, prepositions and pronouns that can lead a capitalised run but never belong to a name.
NAME_RUN_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "but",
        "or",
        "in",
        "on",
        "at",
        "for",
        "to",
        "of",
        "by",
        "with",
        "from",
        "as",
        "he",
        "she",
        "they",
        "we",
        "i",
        "it",
        "this",
        "that",
        "there",
        "his",
        "her",
        "their",
    ]
)
