"""People, organisations and places named in a sentence, from spaCy's named-entity recogniser.

Only the recogniser runs here (en_core_web_sm's NER has its own token-to-vector layer, so the tagger and the parser
are not needed for it); `attribution` runs the parser afterwards on the same documents, for the few sentences with a
reporting word, and reads these entities instead of recognising them a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engine.models.spacy_pipeline import load_spacy

if TYPE_CHECKING:
    from spacy.tokens import Doc

# The scorer reads the first 2,000 characters of a sentence; the recogniser never sees more.
MAX_NAMED_CHARS = 2_000
# spaCy's labels, sorted into what a reviewer is shown. NORP ("Iraqi", "Republicans") names a group, not an actor.
PERSON_LABELS = frozenset({"PERSON"})
ORGANISATION_LABELS = frozenset({"ORG"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_BATCH_SIZE = 128


@dataclass(frozen=True, slots=True)
class Names:
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def entity_docs(texts: Sequence[str]) -> list[Doc]:
    """`texts` tokenised with their named entities (recogniser only), in batches; one document per text."""
    if not texts:
        return []
    nlp = load_spacy()
    with nlp.select_pipes(enable=["ner"]):
        return list(nlp.pipe((text[:MAX_NAMED_CHARS] for text in texts), batch_size=_BATCH_SIZE))


def names_in(doc: Doc) -> Names:
    """The people, organisations and places among `doc`'s entities, each once, in reading order."""
    found = Names()
    for entity in doc.ents:
        if entity.label_ in PERSON_LABELS:
            bucket = found.people
        elif entity.label_ in ORGANISATION_LABELS:
            bucket = found.organisations
        elif entity.label_ in PLACE_LABELS:
            bucket = found.places
        else:
            continue
        name = _clean(entity.text)
        if name and name not in bucket:
            bucket.append(name)
    return found


def find_names(text: str) -> tuple[list[str], list[str], list[str]]:
    """(people, organisations, places) named in `text`."""
    found = names_in(entity_docs([text])[0])
    return found.people, found.organisations, found.places


def _clean(name: str) -> str:
    # "the Health Ministry's" -> "Health Ministry": the article and the possessive are not part of the name.
    name = " ".join(name.split())
    if name[:4].lower() == "the ":
        name = name[4:]
    return name.removesuffix("'s").removesuffix("’s").strip(" ,.-—–\"“”‘’'")
