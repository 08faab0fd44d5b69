"""What kind of claimant a speaker string names, for schema.org: an organisation or a person."""

from __future__ import annotations

from engine.lexicon import ORGANISATION_NAME_WORDS

PERSON = "Person"
ORGANIZATION = "Organization"


def claimant_type(speaker: str) -> str:
    """ "the Health Ministry", "Reuters", "police" -> Organization; "Charlie Cooper", "the mayor" -> Person."""
    words = {word.strip(".,'’\"").lower().removesuffix("'s").removesuffix("’s") for word in speaker.split()}
    return ORGANIZATION if words & ORGANISATION_NAME_WORDS else PERSON
