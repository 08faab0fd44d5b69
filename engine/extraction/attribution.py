"""Who asserts a sentence, read from spaCy's dependency parse and named entities.

The speaker is the subject of the reporting verb ("Military spokesman A said group B had retreated" -> A, not B)
or the object of "according to"; its role comes from the words before the name ("military spokesman") or from an
appositive ("..., a police spokeswoman"). A pronoun subject ("he said") names nobody here: the result says so and
`speakers.carry_speakers` resolves it within the paragraph. A subject that is a thing rather than a person or an
organisation ("according to pictures circulating on social media") is a source type, not a speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from engine.lexicon import (
    ABBREVIATED_TITLES,
    BACK_REFERRING_PRONOUNS,
    CALENDAR_WORDS,
    CLAIMED_THINGS,
    EVIDENCE_VERB_FORMS,
    INDEFINITE_SPEAKERS,
    NARROWING_PREPOSITIONS,
    ORGANISATION_NAME_WORDS,
    OUTLET_DESCRIPTIONS,
    REPORTING_VERB_FORMS,
    ROLE_WORDS,
    SINGLE_PERSON_HEADS,
    SOURCE_TYPE_NOUNS,
)
from engine.models.spacy_pipeline import load_spacy

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Attribution sits near the ends of a sentence; a bound keeps pathological input cheap for the parser.
MAX_PARSED_CHARS = 1_000
# Entities that can speak.
SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# Entities that never speak: a date, a number or a law under a subject is a parse slip ("Monday said"). Any other
# label on a proper-noun subject is the recogniser misreading a name ("the Humane Society" as a work of art, "the
# Metro" as a building): it still speaks.
MUTE_ENTITIES = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LAW", "LANGUAGE", "EVENT"}
)
_ROLE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "nummod", "case", "punct"})
_APPOSITIVE_STOP_DEPS = frozenset({"relcl", "acl", "advcl", "cc", "conj", "punct"})
# Clauses a noun can carry: what stands in them is not part of the noun's name.
_NOUN_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp"})
_MAX_ROLE_TOKENS = 10
_PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
# A noun phrase in one of these relations already belongs to another word: it is not a lost subject.
_ARGUMENT_OF_ANOTHER_WORD = frozenset({"pobj", "dobj", "attr", "nsubj", "nsubjpass", "oprd", "dative"})
# Dependents of a reporting verb that carry what is reported (a clause, an object, a quotation's clause).
_CONTENT_DEPS = frozenset(
    {"ccomp", "dobj", "xcomp", "parataxis", "dative", "attr", "oprd", "csubj", "advcl", "nsubjpass", "agent"}
)
# Finite verb forms ("said", "tells", "say"): only a finite verb needs a subject of its own ("saying" shares one).
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
_ANY_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# Relations that stay inside a noun phrase, from a word at its end up to its head.
_INSIDE_NOUN_PHRASE = frozenset(
    {"compound", "amod", "prep", "pobj", "det", "nummod", "poss", "case", "appos", "punct", "nmod", "quantmod"}
)
_DETERMINERS = frozenset({"a", "an", "the"})
_BREAKS = frozenset({",", ";", "(", "“", '"'})
# Titles written out before a name that, like "Dr." or "Col.", name a rank or a courtesy rather than a job.
# ("one of the survivors" after "Lt." describes no capacity, so the title stays.)
_SPOKEN_TITLES = frozenset(
    {"sheikh", "sir", "lord", "dame", "father", "reverend", "imam", "rabbi", "pastor"}
    | {"colonel", "general", "captain", "major", "lieutenant", "sergeant", "corporal", "admiral"}
)
# "9to5Mac", "9to5Google": a name with letters between digits, which the recogniser can take for a number.
_LETTERS_BETWEEN_DIGITS = re.compile(r"\d[A-Za-z]+\d")
_LETTERS = re.compile(r"[^\W\d_]+")
_POSSESSIVE_DETERMINERS = frozenset({"its", "his", "her", "their", "our", "my", "your"})


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str
    role: str
    # What the sentence rests on when that is not a person or organisation ("pictures", "video footage").
    source_type: str = ""
    # The reporting verb's subject is "he", "she", "they" or "it": a speaker named earlier asserts it. With a speaker
    # as well, the pronoun is the subject of the clause a closing tag reports ('“...,” he said, the BBC reports'):
    # the person it refers to speaks if the paragraph names one, the tag's speaker otherwise.
    pronoun: str = ""
    # The speaker is a person (PERSON entity), so a later "he/she said" can refer to them.
    person: bool = False


NO_ATTRIBUTION = Attribution("", "")


def find_attribution(text: str) -> Attribution:
    """Return the asserted speaker and role of `text`, or empty strings when it names none."""
    return find_attributions([text])[0]


def find_attributions(texts: Sequence[str], *, docs: Sequence[Doc] | None = None) -> list[Attribution]:
    """`find_attribution` for many sentences, parsed in batches; sentences without a reporting word skip the parse.

    `docs` are the same texts already through the entity recogniser (`names.entity_docs`): the parser then runs on
    them and their entities are reused.
    """
    if docs is not None and len(docs) != len(texts):
        raise ValueError(f"got {len(docs)} documents for {len(texts)} texts")
    results = [NO_ATTRIBUTION] * len(texts)
    wanted = [i for i, text in enumerate(texts) if may_attribute(text)]
    if not wanted:
        return results
    nlp = load_spacy()
    if docs is not None and "ner" in nlp.pipe_names:
        with nlp.select_pipes(disable=["ner"]):
            parsed = list(nlp.pipe((docs[i] for i in wanted), batch_size=64))
        for i, doc in zip(wanted, parsed, strict=True):
            results[i] = attribution_in(doc)
        return results
    # The entity recogniser costs as much as the parser; it only runs where a reporting verb has a non-pronoun
    # subject ("I say", "you said" and sentences whose only "said" is passive need no entities).
    ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
    with nlp.select_pipes(disable=["ner"] if ner is not None else []):
        docs = list(nlp.pipe((texts[i][:MAX_PARSED_CHARS] for i in wanted), batch_size=64))
    for i, doc in zip(wanted, docs, strict=True):
        if ner is not None and _has_named_subject(doc):
            doc = ner(doc)
        results[i] = attribution_in(doc)
    return results


def _has_named_subject(doc: Doc) -> bool:
    for token in doc:
        if _is_reporting_verb(token) or _is_according_to(token):
            subject = _according_to_object(token) if token.lower_ == "according" else _subject_of(token)
            if subject is None:
                continue
            if subject.pos_ != "PRON":
                return True
            # "Taylor was jailed, during which time she said": a name before a pronoun may be what it stands for.
            if subject.lower_ in BACK_REFERRING_PRONOUNS and any(t.pos_ == "PROPN" for t in doc[: subject.i]):
                return True
    return False


def person_a_pronoun_may_mean(text: str) -> str:
    """Who a "he" or "she" in a later sentence most likely means, in a sentence that quotes nobody: the subject of its
    main clause when that is a name ("Conner subsequently vowed ...", "But Babici is blaming parents"), else the first
    person named who is not only someone's possessor ("the position held by Francis's predecessor, Pope Benedict
    XVI"). "" when it names nobody who could be "he" or "she". Parses `text`: for the few sentences before a pronoun
    the paragraph has no speaker for."""
    doc = load_spacy()(text[:MAX_PARSED_CHARS])
    root = next((token for token in doc if token.dep_ == "ROOT"), None)
    subject = None
    if root is not None:
        subject = next((child for child in root.children if child.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is not None and subject.lower_ == "another" and subject.pos_ == "PRON":
        return subject.text  # "Another posted a photo ... “...,” he wrote": the one described stays unnamed
    if subject is not None and subject.pos_ == "PROPN" and subject.ent_type_ in {"", "PERSON", "ORG"}:
        name = _named(subject).speaker
        # One word the recogniser calls an organisation is, before "he" or "she", a surname it does not know
        # ("But Babici is blaming parents", "El-badawi was asked"); a longer one is an organisation.
        one_word = " " not in name
        person = subject.ent_type_ != "ORG" or (one_word and not any(e.label_ == "PERSON" for e in doc.ents))
        if name[:1].isupper() and name.replace("-", "").replace(" ", "").isalpha() and person:
            return name
    for entity in (entity for entity in doc.ents if entity.label_ == "PERSON"):
        if entity.end < len(doc) and doc[entity.end].tag_ == "POS":
            continue  # "Francis's predecessor": the possessor is not who the sentence is about
        return entity.text
    return ""


def may_attribute(text: str) -> bool:
    """Whether `text` contains a reporting verb form or "according to" (cheap test before parsing)."""
    lowered = text[:MAX_PARSED_CHARS].lower()
    if "according to" in lowered:
        return True
    # Words, not whitespace-separated chunks: careless pages glue a quotation to the verb ('said,"No one went').
    return any(word in REPORTING_VERB_FORMS for word in _LETTERS.findall(lowered))


def attribution_in(doc: Doc | Span) -> Attribution:
    """The attribution of a parsed sentence: the reporting verb nearest the root with a usable subject wins."""
    candidates: list[tuple[bool, int, int, Token]] = []
    for token in doc:
        if _is_reporting_verb(token) or _is_according_to(token):
            candidates.append((not _is_closing_tag(token), _depth(token), token.i, token))
    fallback = NO_ATTRIBUTION
    sourced: list[Token] = []
    for *_, token in sorted(candidates, key=lambda item: item[:3]):
        if any(_reported_by(token, source) for source in sourced):
            continue  # "The article claims the story was confirmed by the BBC": the article's claim, not the BBC's
        if any(child.dep_ == "neg" for child in token.children):
            continue  # "The US has not confirmed ...": nobody asserts through a denied reporting verb
        if _reports_no_content(token) or _claims_no_statement(token) or _identifies_the_subject(token):
            continue
        if _names_an_act_not_a_claim(token):
            continue
        subject = _according_to_object(token) if token.lower_ == "according" else _subject_of(token)
        if subject is None:
            continue
        found = _describe(subject)
        if found is None:
            continue
        inner = _inner_speaker(token) if found.speaker or found.pronoun else None
        if inner is not None and inner.speaker:
            return inner
        relayed = _relayed_speaker(token) if found.speaker else None
        if relayed is not None:
            return relayed
        if found.pronoun:
            # "According to the article, Emwazi decided to move, where he told friends ...": under a document's
            # account the pronoun's report is the document's, so no subject above it is taken for the teller.
            return _antecedent_in_sentence(subject, found.pronoun, above=not sourced) or found
        if found.speaker:
            if not found.source_type:
                found = replace(found, source_type=_document_of(token))
            # '“...,” he said, The Independent reports': the tag speaks unless the paragraph names who "he" is.
            return replace(found, pronoun=inner.pronoun) if inner is not None else found
        sourced.append(token)
        if fallback == NO_ATTRIBUTION:
            # "Media reports described X, but The Guardian said ...": a named speaker elsewhere beats a source type.
            fallback = found
    return fallback


def _document_of(verb: Token) -> str:
    """ "The ministry said in a statement", "she wrote on her Facebook page": the document a speaker speaks
    through, as its source type; "" when the verb names none."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "on"}:
            document = next((g for g in child.children if g.dep_ == "pobj"), None)
            if document is not None and document.lower_ in SOURCE_TYPE_NOUNS and not document.ent_type_:
                return _source(document).source_type
    return ""


def _reported_by(verb: Token, source: Token) -> bool:
    """Whether `verb` stands in the clause that the reporting verb `source` reports, after it."""
    return verb.i > source.i and any(
        child.dep_ == "ccomp" and child.i > source.i and (child.i == verb.i or child.is_ancestor(verb))
        for child in source.children
    )


def _antecedent_in_sentence(pronoun: Token, word: str, *, above: bool = True) -> Attribution | None:
    """ "But cops are crying foul: they say ...": a pronoun subject refers first to the subject of the clause its own
    clause is joined to, before it in the same sentence, when they agree ("they" a plural noun or an organisation,
    "he/she" a named person). A relative clause elsewhere ("the space Apple erected, when they announced") is no
    antecedent, and neither is a name inside quoted words ('“Michael is a brand,” she told Radar Online').
    """
    verb = pronoun.head
    joined = [child for child in verb.children if child.dep_ in {"ccomp", "conj", "parataxis"}]
    if verb.dep_ in {"conj", "parataxis"}:
        joined.append(verb.head)
    subjects = [
        child
        for clause in joined
        for child in clause.children
        if child.dep_ == "nsubj" and child.i < pronoun.i and not _inside_quotation(child)
    ]
    for token in sorted(subjects, key=lambda t: -t.i):
        if _agrees(token, word):
            return _describe(token)
    return _subject_above(pronoun, word) if above else None


def _agrees(token: Token, pronoun: str) -> bool:
    """Whether a noun can be what a subject pronoun refers to: "he/she" a named person, "they" a plural noun or an
    organisation."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    if pronoun in {"he", "she"}:
        return token.ent_type_ == "PERSON"
    if pronoun == "they":
        return token.tag_ in {"NNS", "NNPS"} or token.ent_type_ in {"ORG", "NORP"}
    return False


def _subject_above(pronoun: Token, word: str) -> Attribution | None:
    """ "Taylor was forced to spend 30 days in jail, during which time she said ...", "Williams recanted a story in
    which he claimed ...": a pronoun in a clause subordinate to another refers to the subject of a clause above it,
    the nearest one that agrees, before it in the sentence. Words inside a quotation are the quoted speaker's, so a
    pronoun or a name there takes no part. Another noun that agrees between the two ("Brokaw wants his successor,
    Brian Williams, thrown out after he admitted ...") makes the reference a guess, and none is made."""
    if _inside_quotation(pronoun):
        return None
    clause = pronoun.head
    while clause.head.i != clause.i:
        clause = clause.head
        if clause.pos_ not in {"VERB", "AUX"}:
            continue
        for child in clause.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.i < pronoun.i and not _inside_quotation(child):
                if not _agrees(child, word):
                    continue
                own = {t.i for t in child.subtree}
                between = pronoun.doc[child.i + 1 : pronoun.i]
                if any(_agrees(t, word) and t.i not in own for t in between):
                    return None
                return _describe(child)
    return None


def _inside_quotation(token: Token) -> bool:
    """Whether an odd number of quotation marks precedes `token` in its sentence."""
    return sum(t.is_quote for t in token.doc[: token.i]) % 2 == 1


def _is_closing_tag(verb: Token) -> bool:
    """ "..., The New York Times reported.": a reporting verb that ends the sentence, its subject set off by a comma.

    Such a tag attributes the whole sentence, whatever the parser hung it under ("... when the leader said ...").
    """
    if verb.lower_ == "according" or any(t.pos_ != "PUNCT" for t in verb.doc[verb.i + 1 :]):
        return False
    subject = next((child for child in verb.children if child.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return False  # '..., he said.' outranks nothing: the name it refers to may be the other speaker
    before = subject.left_edge.i - 1
    while before >= 0 and verb.doc[before].is_quote:
        before -= 1  # '“..., fantastic,” The Independent reports.': the comma sits inside the closing quote
    return before >= 0 and verb.doc[before].text == ","


def _reports_no_content(verb: Token) -> bool:
    """ "who has reported for Time", "wrote about conflict": a reporting verb whose only complement is a "for" or
    "about" phrase names a journalist's beat or a topic, not a claim.

    Anything that can carry what is reported keeps it a report: a clause, an object, a quotation, a colon after it.
    """
    if verb.lower_ == "according":
        return False
    children = list(verb.children)
    topics = {"about", "for", "on"} if verb.lower_ in _REPORTING_FORMS else {"about", "for"}
    if not any(child.dep_ == "prep" and child.lower_ in topics and not _is_a_date(child) for child in children):
        return False
    # A clause hung on the verb only carries content when it reports ("Born in Boston, he wrote for the Globe" and
    # "wrote about Darfur while at college, penning a piece" name a beat and an act).
    if any(child.dep_ in _CONTENT_DEPS and (child.dep_ != "advcl" or _carries_a_report(child)) for child in children):
        return False
    subordinate = verb.dep_ == "advcl" and any(
        child.dep_ == "mark" or (child.dep_ == "advmod" and child.tag_ == "WRB") for child in children
    )
    if verb.dep_ not in {"ROOT", "relcl", "acl"} and not subordinate:
        return False  # a tag inside the clause it reports ("the ship, she said on Monday, sank")
    # A quotation, a colon or a "that" clause after the verb carries content the parser hung elsewhere.
    return not any(token.is_quote or token.lower_ in {":", "that"} for token in verb.doc[verb.i :])


def _is_a_date(preposition: Token) -> bool:
    """ "reported on Tuesday": "on" with a date is when, not what about."""
    return any(child.ent_type_ in {"DATE", "TIME"} for child in preposition.children)


def _names_an_act_not_a_claim(verb: Token) -> bool:
    """ "Apple added a folder to Photos", "the director added the #superjedi": "add" with a thing as its object adds
    the thing, not words. "The Daily Mail wrote up the story", "Bloomberg first reported the story", "the story was
    first reported by the Daily Monitor": reporting a story says who carried it, not what it claims, unless the
    story's content is spelled out ("reported the news that ...") or a clause or quotation follows the verb."""
    children = list(verb.children)
    if any(child.dep_ in {"ccomp", "parataxis"} for child in children):
        return False
    if any(_carries_a_report(child) for child in children if child.dep_ in {"advcl", "xcomp", "conj"}):
        return False  # "has added its voice to those criticising X, saying it should mind its own business"
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if following is not None and (following.is_quote or following.lower_ in {":", ","}):
        return False
    if verb.lower_ in _ADDING:
        return any(child.dep_ == "dobj" and child.pos_ in {"NOUN", "PROPN", "SYM", "X"} for child in children)
    if verb.lower_ in _REPORTING_FORMS | _WRITING_FORMS:
        return any(
            child.dep_ in {"dobj", "nsubjpass"}
            and child.lower_ in _STORY_WORDS
            # "reported the news that ...", "News of the split was first reported by": the content is spelled out
            and not any(
                grandchild.dep_ in {"acl", "ccomp", "relcl"}
                or (grandchild.dep_ == "prep" and grandchild.lower_ == "of")
                for grandchild in child.children
            )
            for child in children
        )
    return False


def _carries_a_report(clause: Token) -> bool:
    """A participle or joined clause that reports something itself ("saying it should ...", "tweeting that ...")."""
    return _is_reporting_verb(clause) or any(child.dep_ == "ccomp" for child in clause.children)


def _identifies_the_subject(verb: Token) -> bool:
    """ "The woman who claimed she had a third breast was lying": a reporting verb in a defining relative clause on
    the subject of another verb only says which woman; the sentence is the writer's, about her. Set off by a comma
    ("Maria Ortiz, who said ..., resigned") the clause is hers, and the rules for it stay."""
    noun = verb.head
    if verb.dep_ != "relcl" or noun.dep_ not in {"nsubj", "nsubjpass"} or _is_reporting_verb(noun.head):
        return False
    relative = next((child for child in verb.children if child.dep_ in _ANY_SUBJECT), None)
    if relative is None or relative.lower_ not in {"who", "that"}:
        return False
    between = verb.doc[noun.i + 1 : relative.i]
    return not any(token.text == "," for token in between)


def _claims_no_statement(verb: Token) -> bool:
    """ "al-Shabaab claimed responsibility for", "attacks claimed by ISIS", "the flood claimed 12 lives": "claim" in
    the sense of taking or owning something reports no statement. A participle "claimed by" on a noun is always that
    sense in news ("attacks claimed by"); a reporting "claimed" is finite or carries a clause."""
    if not verb.lower_.startswith("claim"):
        return False
    if any(child.dep_ == "dobj" and child.lower_ in CLAIMED_THINGS for child in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and any(child.dep_ == "agent" for child in verb.children)


def _inner_speaker(tag: Token) -> Attribution | None:
    """ "A said X, the BBC reported": a tag after the clause it reports yields to the named speaker of that clause.

    Only when the reported clause's own verb is a reporting verb with a named subject and a reported clause of its
    own; "A vowed X", "police reported gunfire" and "he said X" before ", the BBC reported" keep the tag's speaker,
    and so does a quotation ("“A has been telling friends X,” the source said": the quoted words are the source's).
    """
    if tag.lower_ == "according":
        return None
    content = [child for child in tag.children if child.dep_ == "ccomp" and child.i < tag.i]
    inner = list(content)
    if tag.dep_ == "ccomp" and tag.head.dep_ == "ROOT" and tag.head.i < tag.i:
        # The parser may make the main clause's "A said" the head and hang the tag, with X, under it.
        inner.append(tag.head)
    for clause in inner:
        if not _asserts_a_report(clause):
            continue
        children = [child for child in clause.children if child.i != tag.i]
        if not (any(child.dep_ == "ccomp" for child in children) or (clause.i == tag.head.i and bool(content))):
            continue
        subject, found = _teller_of(clause)
        if found is not None and found.pronoun and subject is not None:
            return _antecedent_in_sentence(subject, found.pronoun) or found
        if found is not None and found.speaker:
            return found
    return None


def _relayed_speaker(tag: Token) -> Attribution | None:
    """ "The Post said that ... Rosenberg said X", "NBC News reports that a senior official confirmed X": an outlet or
    person relaying another's statement yields to the named speaker of the statement it relays.

    Only when the relayed clause's verb is itself a reporting verb, not denied, with a named subject and a reported
    clause of its own; "The paper said police arrested him" and "CNN reported that the man told no one" keep the
    relaying speaker, as does a pronoun ("The Post said he told ...": resolved by the paragraph, not here).
    """
    if tag.lower_ == "according":
        return None
    for clause in tag.children:
        if clause.dep_ != "ccomp" or clause.i < tag.i or not _asserts_a_report(clause):
            continue
        if clause.lower_ in EVIDENCE_VERB_FORMS:
            continue  # "NASA said ... the lack of eyewitness accounts suggests X": evidence, not a relayed teller
        if any(child.dep_ == "xcomp" for child in clause.children):
            continue  # "claimed that the service, said to be known as X, will cost": hearsay, nobody relayed
        if not any(child.dep_ == "ccomp" and child.i > clause.i for child in clause.children):
            continue
        _, found = _teller_of(clause)
        if found is not None and found.speaker and not found.pronoun:
            return found
    return None


def _asserts_a_report(clause: Token) -> bool:
    """A reporting verb that passes a statement on as said: not denied ("A did not say X") and not itself inside
    someone's quotation, whose words are the quoting speaker's. The test a nested clause passes before its teller
    can take over from the tag around it, whether the tag comes first or last."""
    if not _is_reporting_verb(clause) or _inside_quotation(clause):
        return False
    return not any(child.dep_ == "neg" for child in clause.children)


def _teller_of(clause: Token) -> tuple[Token | None, Attribution | None]:
    """The subject of a nested reporting clause and what it describes as a speaker (either may be missing)."""
    subject = _subject_of(clause)
    return subject, (_describe(subject) if subject is not None else None)


def _is_reporting_verb(token: Token) -> bool:
    return token.lower_ in REPORTING_VERB_FORMS and token.pos_ in {"VERB", "AUX"}


def _is_according_to(token: Token) -> bool:
    return token.lower_ == "according" and any(child.lower_ == "to" for child in token.children)


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _according_to_object(token: Token) -> Token | None:
    for child in token.children:
        if child.lower_ == "to":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
            return _phrase_the_parser_took_away(child)
    return None


def _phrase_the_parser_took_away(preposition: Token) -> Token | None:
    """ "According to TSN Hockey Insider Bob McKenzie, the Jets ...": with no object under "to", the parser made the
    phrase after it the main clause's subject. The words up to the comma are the object; their head speaks."""
    doc = preposition.doc
    end = next((t.i for t in doc[preposition.i + 1 :] if t.text == ","), None)
    if end is None or end == preposition.i + 1:
        return None
    phrase = doc[preposition.i + 1 : end]
    heads = [t for t in phrase if not (phrase.start <= t.head.i < phrase.end) or t.head.i == t.i]
    if len(heads) != 1 or heads[0].pos_ not in {"NOUN", "PROPN"}:
        return None
    return heads[0]


_ADDING = frozenset({"add", "adds", "added", "adding"})
_REPORTING_FORMS = frozenset({"report", "reports", "reported", "reporting"})
_WRITING_FORMS = frozenset({"write", "writes", "wrote", "written", "writing"})
# What a reporting verb can carry without saying what it claims: "reported the story", "wrote up the story".
_STORY_WORDS = frozenset({"story", "stories", "news", "headline", "headlines", "scoop"})
_RELATIVE_DAYS = frozenset({"today", "tomorrow", "yesterday", "tonight", "now"})
# Abbreviated titles that are a rank or office, unlike the courtesy "Mr", "Ms" or "Dr" that belong with a name.
_RANKS = ABBREVIATED_TITLES - {"mr", "mrs", "ms", "messrs", "mme", "mlle", "dr"}
_DASHES = frozenset({"—", "–", "--", "-"})


def _is_dateline(subject: Token) -> bool:
    """ "LAS VEGAS -- A neighbor tells ...", "MAIDUGURI, Nigeria — The leader of Boko Haram has denied ...": the
    place a wire story is filed from, set off by a dash at the start of the sentence, which the parser may take for
    a second subject of the verb."""
    tokens = sorted(subject.subtree, key=lambda t: t.i)
    if tokens[0].i != subject.sent.start or subject.pos_ != "PROPN":
        return False
    if not (subject.text.isupper() or subject.ent_type_ == "GPE"):
        return False
    following = subject.doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(subject.doc) else None
    return any(t.text in _DASHES for t in tokens[1:]) or (following is not None and following.text in _DASHES)


def _subject_of(verb: Token) -> Token | None:
    agent = _agent_of(verb)
    if agent is not None:
        return agent
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if len(subjects) > 1:
        subjects = [child for child in subjects if not _is_dateline(child)]
    if not subjects and not any(child.dep_ in _ANY_SUBJECT for child in verb.children):
        # "Mr Vorozhbitsyn - now recovering from his mauling - said": the parser gave the speaker to the aside.
        subjects = [
            grandchild
            for child in verb.children
            if child.dep_ == "advcl" and child.i < verb.i and child.tag_ == "VBG"
            for grandchild in child.children
            if grandchild.dep_ == "nsubj" and grandchild.i < child.i and grandchild.pos_ in {"NOUN", "PROPN"}
        ]
    # "Another demonstrator, with ..., Ellie Ng said": of two subjects, the proper name is the speaker.
    subjects.sort(key=lambda child: child.pos_ != "PROPN" and child.ent_type_ != "PERSON")
    for child in subjects:
        if child.dep_ == "nsubj":
            if child.lower_ == "who":
                # "Maria Ortiz, who said ..." speaks as the relative clause's antecedent, the noun before "who".
                before = child.i - 1
                while before >= 0 and child.doc[before].pos_ == "PUNCT":
                    before -= 1
                return child.doc[before] if before >= 0 and child.doc[before].pos_ in {"NOUN", "PROPN"} else None
            return child
    # "X said ... and added ...": a coordinated reporting verb shares the first one's subject, and so it does after
    # any verb ("Two women came out recently and said", "Indira called off her wedding ... and announced"); so does
    # one that completes another verb ("the family appears to have announced").
    passive = any(child.dep_ in {"nsubjpass", "auxpass"} for child in verb.children)
    if verb.dep_ == "conj" and verb.head.i != verb.i and not passive:
        if _is_reporting_verb(verb.head):
            return _subject_of(verb.head)
        # Only across a real "and"/"but": the parser also hangs a tag verb on the main verb with no conjunction ("The
        # fire started ..., a source close to the investigation told the BBC"), where the phrase before it speaks.
        joined = any(child.dep_ == "cc" and verb.head.i < child.i < verb.i for child in verb.head.children)
        if joined and verb.head.pos_ in {"VERB", "AUX"}:
            return next((child for child in verb.head.children if child.dep_ == "nsubj"), None)
    governor = verb.head
    if _verb_read_as_modifier(verb) or _closing_tag_read_as_modifier(verb):
        return governor
    cut_off = _closing_tag_subject_cut_off(verb)
    if cut_off is not None:
        return cut_off
    if verb.dep_ == "pcomp" and governor.lower_ == "as" and governor.head.i != governor.i:
        governor = governor.head  # "officials have been quoted as saying": the quoted ones say it
    elif verb.dep_ != "xcomp" or governor.i == verb.i:
        return None if passive else _phrase_before(verb) or _inverted_subject(verb)
    elif _is_reporting_verb(governor) and any(child.dep_ in {"nsubjpass", "auxpass"} for child in governor.children):
        return None  # "Abrams is said to have told attendees": hearsay about Abrams, asserted by nobody named
    return next((child for child in governor.children if child.dep_ in {"nsubj", "nsubjpass"}), None)


def _verb_read_as_modifier(verb: Token) -> bool:
    """ "Argentina's president, Cristina Kirchner, announced on Dec. 23 that ...": the parser read the main verb as a
    participle modifying the subject phrase, which it made the sentence's root. A reporting verb hung on a root noun
    before it, with a clause of its own and no agent, is that sentence's main verb, and the noun its subject."""
    governor = verb.head
    return (
        verb.dep_ == "acl"
        and governor.dep_ == "ROOT"
        and governor.pos_ in {"NOUN", "PROPN"}
        and governor.i < verb.i
        and any(child.dep_ == "ccomp" for child in verb.children)
        and not any(child.dep_ == "agent" for child in verb.children)
    )


def _closing_tag_read_as_modifier(verb: Token) -> bool:
    """ "..., a source close to First Look confirmed today.": the parser read a closing tag's verb as a participle on
    the phrase before it. After a comma, a bare reporting verb (nothing after it but when it was said) that ends the
    sentence on a noun phrase is that phrase's statement of the clause before."""
    governor = verb.head
    if verb.dep_ != "acl" or verb.tag_ not in {"VBN", "VBD"} or governor.pos_ not in {"NOUN", "PROPN"}:
        return False
    if governor.i > verb.i or any(child.dep_ not in {"advmod", "npadvmod"} for child in verb.children):
        return False
    if any(token.pos_ != "PUNCT" for token in verb.doc[verb.right_edge.i + 1 :]):
        return False
    opening = governor.left_edge.i - 1
    return opening >= 0 and verb.doc[opening].text == ","


def _closing_tag_subject_cut_off(verb: Token) -> Token | None:
    """ "North Koreans may not share his name, South Korean media reported Wednesday.": the parser hung a closing
    tag's verb on the main clause and its subject on a noun before it. A bare reporting verb with no subject (nothing
    after it but when it was said) that ends the sentence right after a noun phrase opened by a comma speaks through
    that phrase."""
    if verb.dep_ != "advcl" or verb.tag_ not in {"VBD", "VBZ"} or verb.i == 0:
        return None
    if any(child.dep_ not in {"advmod", "npadvmod"} for child in verb.children):
        return None
    if any(token.pos_ != "PUNCT" for token in verb.doc[verb.right_edge.i + 1 :]):
        return None
    noun = verb.doc[verb.i - 1]
    while noun.dep_ in {"compound", "amod", "flat"} and verb.i > noun.head.i > noun.i:
        noun = noun.head
    if noun.pos_ not in {"NOUN", "PROPN"} or noun.right_edge.i != verb.i - 1:
        return None
    opening = noun.left_edge.i - 1
    return noun if opening >= 0 and verb.doc[opening].text == "," else None


def _agent_of(verb: Token) -> Token | None:
    """Who speaks through a passive reporting verb: "was described by the source", "as reported on the RT website".

    The agent of a passive ("by ..."); after "as" directly followed by the participle (a reduced passive, whatever
    subject the parser gave it), the object of its "by", "in" or "on".
    """
    children = list(verb.children)
    before = verb.i - 1
    while before > 0 and verb.doc[before].pos_ == "ADV":  # "as previously reported by"
        before -= 1
    reduced = before >= 0 and verb.doc[before].lower_ == "as" and verb.tag_ in {"VBN", "VBD"}
    if reduced:
        wanted = {"by", "in", "on"}
    elif any(child.dep_ in {"nsubjpass", "auxpass"} for child in children) or (verb.dep_, verb.tag_) == ("acl", "VBN"):
        wanted = {"by"}  # a passive, or a reduced relative one: "other sightings reported by Weird Whitstable"
    else:
        return None
    for child in children:
        if child.dep_ in {"agent", "prep"} and child.lower_ in wanted:
            found = next((g for g in child.children if g.dep_ == "pobj"), None)
            if found is not None:
                return found
    return None


def _inverted_subject(verb: Token) -> Token | None:
    """ "..., reported the Daily Mail.": after a comma, a tag verb's object that ends the sentence is its subject."""
    if any(child.dep_ in _ANY_SUBJECT for child in verb.children) or verb.tag_ not in _FINITE_TAGS:
        return None
    before = verb.i - 1
    while before >= 0 and verb.doc[before].is_quote:
        before -= 1
    if before < 0 or verb.doc[before].text != ",":
        return None
    obj = next((child for child in verb.children if child.dep_ == "dobj" and child.i > verb.i), None)
    if obj is None or any(t.pos_ != "PUNCT" for t in verb.doc[obj.right_edge.i + 1 :]):
        return None
    return obj if obj.pos_ in {"NOUN", "PROPN"} else None


def _phrase_before(verb: Token) -> Token | None:
    """The head of the noun phrase ending right before a finite reporting verb the parser left without a subject.

    "..., Khoza, from Mpumalanga, South Africa, told Citi FM" (the parser hung "Khoza" on the quoted clause) and
    "Cringely said" (a surname in -ly tagged as an adverb). When that phrase is a preposition's object, the
    appositive the parser hung on it starts the subject: "... on her vocal cords, a source close to X told CNN".
    """
    children = list(verb.children)
    if verb.tag_ not in _FINITE_TAGS or any(child.dep_ in _ANY_SUBJECT for child in children):
        return None
    if not any(child.dep_ in {"ccomp", "dobj", "parataxis"} for child in children):
        return None  # "the Iraqi infection claims." (a noun tagged as a verb) reports nothing
    if any(child.dep_ == "xcomp" for child in children):
        return None  # "a common name -- said to be ...": a passive missing its auxiliary
    before = verb.i - 1
    while before >= 0 and verb.doc[before].pos_ == "PUNCT":
        before -= 1
    if before < 0:
        return None
    token = verb.doc[before]
    appositive: Token | None = None
    while token.dep_ in _INSIDE_NOUN_PHRASE and token.head.i < verb.i and token.head.pos_ not in {"VERB", "AUX"}:
        if token.dep_ == "appos":
            appositive = token
        token = token.head
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ not in _ARGUMENT_OF_ANOTHER_WORD:
        return token
    if _capitalised_non_noun(token) and token.head.i == verb.i:
        return token
    return appositive if appositive is not None and appositive.pos_ in {"NOUN", "PROPN"} else None


def _capitalised_non_noun(token: Token) -> bool:
    """ "Cringely said": a capitalised word the tagger read as an adverb or adjective, standing where a name does."""
    return token.is_title and token.pos_ in {"ADV", "ADJ", "X"}


def _describe(head: Token) -> Attribution | None:
    lowered = head.lower_
    partitive = _partitive(head)
    if partitive is not None:
        return partitive
    if lowered in {"nobody", "none"} or any(child.dep_ == "det" and child.lower_ == "no" for child in head.children):
        return None  # "No one said", "no official confirmed": nobody asserts
    if _is_indefinite_speaker(head):
        determiner = next((child.text for child in head.children if child.dep_ == "det"), "")
        return Attribution(f"{determiner} {head.text}".strip(), "")
    if head.pos_ == "PRON":
        return Attribution("", "", pronoun=lowered) if lowered in BACK_REFERRING_PRONOUNS else None
    if lowered in OUTLET_DESCRIPTIONS and _stands_for_an_outlet(head):
        return Attribution(_outlet_description(head), "")
    if lowered in OUTLET_DESCRIPTIONS | {"newspaper"}:
        named = _outlet_named_before(head)
        if named is not None:
            return named
    if _is_age_description(head):
        return Attribution(_phrase(head, with_determiner=True), "", person=True)
    if _name_misread_as_number_or_event(head):
        return _named(head)
    if head.ent_type_ in MUTE_ENTITIES:
        return None
    if head.ent_type_ and head.ent_type_ not in SPEAKER_ENTITIES and head.pos_ != "PROPN":
        return None
    if head.pos_ == "NOUN" and head.dep_ == "pobj" and not head.ent_type_:
        named = _name_the_parser_cut_off(head)
        if named is not None:
            return named
    if head.pos_ in {"NOUN", "PROPN"} and lowered in SOURCE_TYPE_NOUNS and not head.ent_type_:
        return _source(head)
    if head.ent_type_ != "PERSON" and head.pos_ in {"NOUN", "ADJ", "PROPN"}:
        for child in _appositives(head):
            if _names_someone(child, common_head=head.pos_ == "NOUN"):
                # "The spokesman, Ahmed Asiri, said", "says coast guard commander, James Fitzgerald": the name
                # speaks, the noun is the role.
                named = _named(child)
                return Attribution(
                    named.speaker, _clean_role(_phrase(head, with_determiner=False)), person=named.person
                )
        trailing = _trailing_person(head)
        if trailing is not None:
            return trailing
    if head.ent_type_ in SPEAKER_ENTITIES or head.pos_ == "PROPN" or _capitalised_non_noun(head):
        return _named(head)
    if head.pos_ in {"NOUN", "ADJ"}:  # "the official concerned denied": the tagger sometimes calls "official" ADJ
        return Attribution(_description(head), "")
    return None


def _is_indefinite_speaker(head: Token) -> bool:
    """ "Some have claimed", "said another", "added a third": a quantifier or an ordinal standing alone as the
    subject of a reporting verb. "One of the officials" is a partitive (handled before), "no one" and "none" deny."""
    if head.lower_ not in INDEFINITE_SPEAKERS or head.dep_ != "nsubj" or not _is_reporting_verb(head.head):
        return False
    if any(child.dep_ == "xcomp" for child in head.head.children):
        return False  # "with some reported to thrive into their 30s": hearsay about them, nobody speaking
    if any(child.dep_ in {"prep", "amod", "compound", "neg"} for child in head.children):
        return False
    if head.lower_ in {"second", "third", "fourth", "fifth"}:
        return any(child.dep_ == "det" and child.lower_ in {"a", "the"} for child in head.children)
    return not any(child.dep_ == "det" for child in head.children)


def _name_misread_as_number_or_event(head: Token) -> bool:
    """ "According to 9to5Mac" (read as a number), "the Morning News reported" (read as an event): an outlet's name
    the recogniser filed under a label that never speaks."""
    if head.ent_type_ in {"CARDINAL", "QUANTITY"}:
        return _LETTERS_BETWEEN_DIGITS.search(head.text) is not None
    if head.ent_type_ in {"EVENT", "LAW", "WORK_OF_ART"} and head.pos_ == "PROPN":
        entity = _entity_of(head)
        return entity is not None and entity[-1].lower_ in ORGANISATION_NAME_WORDS
    if head.ent_type_ == "DATE" and head.pos_ == "PROPN" and head.dep_ == "nsubj" and _is_reporting_verb(head.head):
        # "Winter explained", "Morrow said": a surname the recogniser read as a season or "tomorrow"; a real date
        # as the subject ("Monday said") is a weekday, a month, a number or a relative day.
        entity = _entity_of(head)
        words = [t.lower_ for t in entity] if entity is not None else [head.lower_]
        return len(words) == 1 and words[0] not in CALENDAR_WORDS | _RELATIVE_DAYS and head.is_alpha
    return False


def _is_age_description(head: Token) -> bool:
    """ "The 20-year-old said": a person described by their age (the recogniser calls the words a date)."""
    doc = head.doc
    return (
        head.lower_ == "old"
        and head.i >= 2
        and doc[head.i - 1].text == "-"
        and doc[head.i - 2].lower_ in {"year", "month"}
        and any(child.dep_ == "det" for child in head.children)
    )


def _stands_for_an_outlet(head: Token) -> bool:
    """ "the paper claimed", "according to the paper", "the British daily said": a definite "paper" or "daily" with
    nothing naming whose it is stands for a newspaper the article named before. "A paper published in Nature" and
    "the ministry's paper" are documents (source types), handled as such."""
    determiners = [child.lower_ for child in head.children if child.dep_ == "det"]
    if determiners != ["the"]:
        return False
    return not any(
        child.dep_ in {"poss", "compound", "nmod", "acl", "relcl", "prep"} or child.pos_ == "PROPN"
        for child in head.children
    )


def _name_the_parser_cut_off(head: Token) -> Attribution | None:
    """ "according to French website iGen, the model ...", "according to Manchester TV station WMUR.": a name right
    after the description it belongs to, which the parser hung elsewhere (as the main clause's subject, or as a
    verb). A comma or the sentence's end right after the name closes the phrase, so the name is part of it. The
    description is the role; a bare document word before the name is its source type ("website UDN")."""
    doc = head.doc
    if head.i + 1 >= len(doc) or any(child.dep_ == "appos" for child in head.children):
        return None
    first = doc[head.i + 1]
    if first.ent_iob_ != "B" or first.ent_type_ not in {"PERSON", "ORG"} or first.head.i == head.i:
        return None
    entity = _entity_of(first)
    if entity is None or entity.start != first.i:
        return None
    after = doc[entity.end] if entity.end < len(doc) else None
    if after is not None and not (after.is_punct and after.text in {",", ".", ";", ":", ")"}):
        return None
    described = _phrase(head, with_determiner=False)
    if described.lower() == head.lower_ and head.lower_ in SOURCE_TYPE_NOUNS:
        return Attribution(entity.text, "", source_type=head.lower_, person=first.ent_type_ == "PERSON")
    return Attribution(entity.text, _clean_role(described), person=first.ent_type_ == "PERSON")


def _outlet_named_before(head: Token) -> Attribution | None:
    """ "The official Rodong Sinmun daily said", "the Asahi Shimbun newspaper reported": the outlet's name runs into
    the word for what it is (which the recogniser may call a date); the name speaks and the rest is its role."""
    before = head.doc[head.i - 1] if head.i > 0 else None
    if before is None or before.head.i != head.i or before.dep_ != "compound" or before.pos_ != "PROPN":
        return None
    name = sorted(before.subtree, key=lambda t: t.i)
    if any(t.pos_ != "PROPN" for t in name):
        return None
    described = [t for t in head.lefts if t.dep_ == "amod" and t.i < name[0].i]
    role = " ".join([*(t.text if t.ent_type_ else t.lower_ for t in described), head.lower_])
    return Attribution(" ".join(t.text for t in name), role)


def _outlet_description(head: Token) -> str:
    # "daily" is often tagged as an adverb, so its adjectives are collected by position, not by the parse's labels.
    start = head.i
    while start > 0 and head.doc[start - 1].pos_ in {"ADJ", "PROPN"} and head.doc[start - 1].head.i == head.i:
        start -= 1
    return "the " + "".join(t.text_with_ws for t in head.doc[start : head.i + 1]).strip()


def _partitive(head: Token) -> Attribution | None:
    """ "one of these people", "five of the top cinema chains": a number or quantifier of a group speaks as the whole.

    The number alone is no speaker (the recogniser calls it CARDINAL); "some of them" leaves nobody named. An
    appositive after the group says who the one is: "One of the middlemen, a Syrian rebel, told".
    """
    if head.pos_ not in {"NUM", "PRON", "ADJ", "DET"}:
        return None
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            group = next((g for g in child.children if g.dep_ == "pobj"), None)
            if group is None or group.pos_ not in {"NOUN", "PROPN"}:
                continue
            # The parser hangs the appositive on the group or on the number itself.
            appositive = next(
                (g for g in (*group.children, *head.children) if g.dep_ == "appos" and g.i > group.i), None
            )
            if appositive is not None and appositive.pos_ in {"NOUN", "PROPN"}:
                return _describe(appositive)
            words = "".join(t.text_with_ws for t in head.doc[head.i : group.i + 1] if not t.is_quote).strip()
            return Attribution(words[:1].lower() + words[1:] if head.is_title else words, "")
    return None


def _names_someone(appositive: Token, *, common_head: bool) -> bool:
    """Whether an appositive is the name of who its head describes: a person's name; after a common noun ("Its
    curator, Quinton Winter") any proper name the recogniser does not call a place, a date or a number (it reads
    some people's names as organisations)."""
    if appositive.ent_type_ == "PERSON":
        return True
    return (
        common_head
        and appositive.pos_ == "PROPN"
        and appositive.ent_type_ not in MUTE_ENTITIES
        and appositive.ent_type_ not in _PLACE_ENTITIES
    )


def _appositives(head: Token) -> list[Token]:
    """A noun's appositives, without the main clause's subject when the parser hung it there."""
    return [child for child in head.children if child.dep_ == "appos" and not _main_subject_read_as_appositive(child)]


def _main_subject_read_as_appositive(appositive: Token) -> bool:
    """ "According to the newspaper, Bary, 23, left home", "According to Radio-Canada, Zehaf-Bibeau's mother, Susan
    Bibeau, still lives in Montreal": the parser hangs the main clause's subject on the "according to" object as an
    appositive when a comma follows the object. The main verb then has no subject of its own, which an appositive
    proper ("according to the paper, the Daily Star, Bary left") leaves it."""
    noun = appositive.head
    while noun.dep_ == "appos" and noun.head.i != noun.i:
        noun = noun.head
    preposition = noun.head
    if noun.dep_ != "pobj" or preposition.lower_ != "to" or not _is_according_to(preposition.head):
        return False
    verb = preposition.head.head
    if verb.pos_ not in {"VERB", "AUX"} or verb.i < appositive.i:
        return False
    return not any(child.dep_ in _ANY_SUBJECT or child.dep_ == "expl" for child in verb.children)


def _trailing_person(head: Token) -> Attribution | None:
    """ "Saudia assistant manager for marketing Abdul Rahman Al Fahd said": a subject phrase ending in a person's name.

    The parser hangs the name under the role noun; the name speaks and the words before it are the role. A name in
    a clause hung on the noun is not the noun's own: "the actor's reps, who denied that the man was Rudd" and "One
    official in the report assembled by Bill Gertz" speak as the reps and the official.
    """
    misread = [child for child in head.children if child.dep_ == "appos" and _main_subject_read_as_appositive(child)]
    tokens = sorted(
        (
            t
            for t in head.subtree
            if not _in_branch(t, head, _NOUN_CLAUSE_DEPS) and not any(m.i == t.i or m.is_ancestor(t) for m in misread)
        ),
        key=lambda t: t.i,
    )
    last = tokens[-1]
    while last.pos_ == "PUNCT" and len(tokens) > 1:
        tokens = tokens[:-1]
        last = tokens[-1]
    if last.ent_type_ != "PERSON" or last.i == head.i:
        return None
    entity = _entity_of(last)
    if entity is None or entity.start <= head.i:
        return None
    if head.doc[entity.start - 1].lower_ in {"of", "for"}:
        return None  # "The leader of Boko Haram": a name after "of" or "for" says whose leader, not who speaks
    role_tokens = [t for t in tokens if t.i < entity.start]
    while role_tokens and (role_tokens[0].lower_ in _DETERMINERS or role_tokens[0].pos_ == "PUNCT"):
        role_tokens = role_tokens[1:]
    role = "".join(t.text_with_ws for t in role_tokens)
    if len(role_tokens) > _MAX_ROLE_TOKENS:
        role = ""
    return Attribution(entity.text.removesuffix("'s").removesuffix("’s"), _clean_role(role), person=True)


def _source(head: Token) -> Attribution:
    """A source type; a person or organisation it belongs to ("the ministry's statement") is still the speaker."""
    source = " ".join(t.lower_ for t in head.lefts if t.dep_ in {"compound", "amod"} and t.i == head.i - 1)
    source = f"{source} {head.lower_}".strip()
    for child in head.children:
        owner = None
        if child.dep_ in {"poss", "compound", "nmod", "appos"}:
            # "the ministry's statement", "a CNN report", "the Emirates 247 news website", "website UDN"
            owner = _name_in(child)
            if owner is None and child.dep_ in {"poss", "compound"} and _is_teller_description(child):
                # "the army statement", "a police report": an unnamed institution's document
                words = _phrase(child, with_determiner=True)
                if not words.lower().startswith("the ") and any(t.lower_ == "the" for t in head.lefts):
                    words = "the " + words  # "the army statement": the determiner is the document's
                kind = head.lower_ if child.dep_ == "compound" and child.i == head.i - 1 else source
                return _unnamed_teller(child, words, kind)
        elif child.dep_ == "prep" and child.lower_ in {"by", "from", "of", "in"}:  # "a report in the Guardian"
            described = next((g for g in child.children if g.dep_ == "pobj"), None)
            owner = _name_in(described) if described is not None else None
            if owner is None and child.lower_ == "by" and described is not None and _is_teller_description(described):
                # "a statement by his wife", "a report by the ministry": whoever the document is by speaks, unnamed.
                return _unnamed_teller(described, _phrase(described, with_determiner=True), source)
        if owner is not None:
            named = _named(owner)
            if child.dep_ == "appos" and source != head.lower_:
                # "French website iGen": a described medium before the name says what the outlet is, its role; a
                # bare "website UDN" only says where it spoke (the conventions of the attribution set).
                role = named.role or _clean_role(_phrase(head, with_determiner=False))
                return Attribution(named.speaker, role, person=named.person)
            return Attribution(named.speaker, named.role, source_type=source, person=named.person)
    return Attribution("", "", source_type=source)


def _unnamed_teller(head: Token, words: str, source_type: str) -> Attribution:
    """The unnamed owner of a document as its speaker: one person ("his wife") or an institution ("the army")."""
    return Attribution(words, "", source_type=source_type, person=head.lower_ in SINGLE_PERSON_HEADS)


def _is_teller_description(token: Token) -> bool:
    """ "his wife", "the ministry", "police": a common noun that names who can speak, unnamed."""
    return (
        token.pos_ == "NOUN"
        and not token.ent_type_
        and (token.lower_ in SINGLE_PERSON_HEADS or token.lower_ in ORGANISATION_NAME_WORDS)
    )


def _name_in(phrase: Token) -> Token | None:
    """The last word of the first name of a person or organisation in `phrase`, whatever label the recogniser gave it.

    A place is no owner ("photos in Gaza"); a proper noun the recogniser missed or misread is ("the Emirates247 news
    website", "the RT website").
    """
    # The phrase's head first ("from Facebook user Emanuela Barzani": the person, not the platform).
    for token in (phrase, *phrase.subtree):
        if token.pos_ != "PROPN" and token.ent_type_ not in {"PERSON", "ORG"}:
            continue
        if token.ent_type_ in _PLACE_ENTITIES:
            continue
        if token.ent_type_ in MUTE_ENTITIES and not _name_misread_as_number_or_event(token):
            continue
        while token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.ent_type_ == token.ent_type_:
            token = token.head
        return token
    return None


def _named(head: Token) -> Attribution:
    span = _entity_of(head)
    if span is not None:
        # A name never runs on through a verb ("Matsekh told Business Insider" read as one work of art).
        # Nor through a free-standing dash ("Mr Vorozhbitsyn - now recovering - said" read as one person).
        end = next(
            (
                t.i
                for t in span
                if t.i > head.i and (t.pos_ in {"VERB", "AUX"} or (t.text in _DASHES and t.doc[t.i - 1].whitespace_))
            ),
            span.end,
        )
        span = head.doc[span.start : end] if end != span.end else span
    if span is None:
        # A proper name the NER missed: the run of proper nouns ending at the head ("Abu Bakr").
        start = head.i
        while start > 0 and head.doc[start - 1].dep_ == "compound" and head.doc[start - 1].pos_ == "PROPN":
            start -= 1
        span = head.doc[start : head.i + 1]
    # A name written with a hyphen is one word, however the tokeniser cut it ("H-P", not "P").
    start = span.start
    while start > 0 and _hyphen_joined(head.doc[start - 1], head.doc[start]):
        start -= 1
    span = head.doc[start : span.end]
    while len(span) > 1 and span[0].lower_.rstrip(".") in _RANKS and _is_person(span[1:]):
        span = span[1:]  # "said Capt. Aldeson": a rank the recogniser took into the name is the role ("Ms X" stays)
    name_start = span.start
    words = span.text
    if not _is_person(span):
        previous = head.doc[name_start - 1] if name_start > 0 else None
        if previous is not None and previous.lower_ == "the" and previous.head.i >= name_start:
            words = "the " + words
    if words.lower().startswith("the "):
        words = "the " + words[4:]
    words = words.removesuffix("'s").removesuffix("’s")
    role = _role_before(head, name_start)
    described = _appositive_role(head)
    if not role or (described and _is_courtesy_title(role) and not described.lower().startswith("one of")):
        # "Rep. Tom Cotton, a Republican from Arkansas": the description says more than the title before the name.
        role = described
    if not role and _is_person(span):
        role = _affiliation(head)
    if not _is_person(span) and role and not any(word.islower() for word in role.split()):
        # "Russia's defence ministry": what precedes an organisation's name is part of the name, not a role.
        return Attribution(f"{role} {words}", "")
    return Attribution(words, role, person=_is_person(span))


def _is_courtesy_title(role: str) -> bool:
    """ "Dr", "Col.", "Rep.", "Sheikh", "Rev.": a title written before a name, which says less than a description."""
    words = [word.strip(".").lower() for word in role.split()]
    return bool(words) and len(words) <= 2 and all(word in ABBREVIATED_TITLES | _SPOKEN_TITLES for word in words)


def _affiliation(head: Token) -> str:
    """ "Richard Aborn of the Citizens Crime Commission said": the organisation a person is named with is their role
    when nothing else gives one."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "at", "from", "with"}:
            organisation = next((g for g in child.children if g.dep_ == "pobj"), None)
            if organisation is not None and organisation.ent_type_ == "ORG":
                return _clean_role(_phrase(organisation, with_determiner=False))
    return ""


def _is_person(span: Span) -> bool:
    return span.label_ == "PERSON" or any(token.ent_type_ == "PERSON" for token in span)


def _entity_of(head: Token) -> Span | None:
    if not head.ent_type_:
        return None
    for entity in head.doc.ents:
        if entity.start <= head.i < entity.end:
            # "Kenyan" (NORP) before "Health Minister Jane Doe": the entity that holds the head is the name.
            return entity
    return None


def _role_before(head: Token, name_start: int) -> str:
    """Modifiers of the name that precede it: "Military spokesman" in "Military spokesman Ahmed Asiri"."""
    left = [t for t in head.subtree if t.i < name_start]
    # Keep only the run directly before the name (what a clause opener or a determiner left is not the role).
    kept: list[Token] = []
    for token in reversed(left):
        if token.i != (kept[0].i - 1 if kept else name_start - 1):
            break
        if token.dep_ not in _ROLE_DEPS and token.head.i < name_start and token.head.dep_ not in _ROLE_DEPS:
            break
        if token.pos_ == "PUNCT" and token.text not in {".", "'s", "’s"}:
            break
        kept.insert(0, token)
    while kept and kept[0].i > 0 and _hyphen_joined(head.doc[kept[0].i - 1], kept[0]):
        kept.insert(0, head.doc[kept[0].i - 1])  # "state-run newspaper", not "run newspaper"
    while kept and (kept[0].lower_ in _DETERMINERS or kept[0].pos_ == "PUNCT"):
        kept = kept[1:]
    # Common words of a role read better lowercased ("Military spokesman" -> "military spokesman").
    words = [
        t.lower_ + t.whitespace_ if t.pos_ in {"ADJ", "NOUN"} and not t.ent_type_ else t.text_with_ws
        for t in kept[:_MAX_ROLE_TOKENS]
    ]
    return _clean_role("".join(words))


def _appositive_role(head: Token) -> str:
    appositives = _appositives(head)
    for position, child in enumerate(appositives):
        tokens = _appositive_words(child)
        # "senior vice-president of corporate communications": the parser may read each piece of a hyphenated
        # word as an appositive of its own; they are one word, and the last piece's complements are the role's.
        for following in appositives[position + 1 :]:
            if not tokens or not _hyphen_joined(tokens[-1], following.doc[tokens[-1].i + 1]):
                break
            tokens += _appositive_words(following)
        while tokens and (tokens[0].lower_ in _DETERMINERS or tokens[0].pos_ == "PUNCT"):
            tokens = tokens[1:]
        while tokens and tokens[-1].pos_ == "PUNCT":
            tokens = tokens[:-1]
        if tokens and len(tokens) <= _MAX_ROLE_TOKENS:
            return _clean_role("".join(t.text_with_ws for t in tokens))
    return ""


def _appositive_words(appositive: Token) -> list[Token]:
    """An appositive's words: all before its head noun ("ear, nose and throat doctor"); after it, a clause, a
    coordination or a comma ends it."""
    kept = [
        t for t in appositive.subtree if t.i <= appositive.i or not _in_branch(t, appositive, _APPOSITIVE_STOP_DEPS)
    ]
    # "editor-in-chief": a hyphen inside a word is no stop, whatever the parse hangs it on.
    indices = {t.i for t in kept}
    return [
        t
        for t in appositive.subtree
        if t.i in indices or (t.text == "-" and not t.whitespace_ and t.i - 1 in indices and t.i + 1 in indices)
    ]


def _in_branch(token: Token, root: Token, relations: frozenset[str]) -> bool:
    """Whether the path from `token` up to `root`, a head above it, passes through one of `relations`."""
    while token.i != root.i:
        if token.dep_ in relations:
            return True
        token = token.head
    return False


def _phrase(head: Token, *, with_determiner: bool) -> str:
    """A common-noun speaker as written, from its modifiers to its head: "the Health Ministry", "Iraqi officials"."""
    modifiers = {t.i for t in head.subtree if t.i < head.i and _modifies_directly(t, head)}
    start = head.i
    while start > 0 and (start - 1 in modifiers or _hyphen_joined(head.doc[start - 1], head.doc[start])):
        start -= 1
    words = list(head.doc[start : head.i + 1])
    if words and words[0].lower_ in _DETERMINERS:
        words = words[1:] if not with_determiner or words[0].lower_ != "the" else words
    text = "".join(t.text_with_ws for t in words).strip()
    return "the " + text[4:] if text.startswith("The ") else text


def _description(head: Token) -> str:
    """An unnamed speaker with what narrows it down after the noun: "a source close to First Look", "two officials in
    the district attorney's office", "people familiar with the matter". A clause on the noun is not kept, nor a phrase
    longer than a short description."""
    words = _phrase(head, with_determiner=True)
    narrowing = [
        child
        for child in head.rights
        if (child.dep_ == "amod" and any(g.dep_ == "prep" for g in child.children))
        or (child.dep_ == "prep" and child.lower_ in NARROWING_PREPOSITIONS)
    ]
    if not narrowing:
        return words
    first = narrowing[0]
    if first.i != head.i + 1:
        return words  # a comma or another word between them: not a post-modifier of this noun
    tail = list(head.doc[first.i : narrowing[-1].right_edge.i + 1])
    if len(tail) > _MAX_ROLE_TOKENS or any(t.pos_ in {"VERB", "AUX"} or t.text in _BREAKS for t in tail):
        return words
    return words + " " + "".join(t.text_with_ws for t in tail).strip()


def _hyphen_joined(left: Token, right: Token) -> bool:
    """ "21-year-old", "well-placed": tokens joined by a hyphen without spaces are one written word, never cut."""
    return not left.whitespace_ and "-" in (left.text, right.text)


def _modifies_directly(token: Token, head: Token) -> bool:
    while token.head.i != token.i and token.i != head.i:
        if token.dep_ not in _ROLE_DEPS | {"det"}:
            return False
        token = token.head
    return token.i == head.i


def _clean_role(role: str) -> str:
    role = role.strip(" ,")
    first, _, rest = role.partition(" ")
    if first.lower() in _POSSESSIVE_DETERMINERS and rest:
        role = rest  # "Its curator, Quinton Winter": the role is "curator"
    if role.lower() in {"", "the", "a", "an"}:
        return ""
    # Abbreviated titles keep their case ("Lt. Gov."); common role words read better lowercased.
    return " ".join(w.lower() if w.lower() in ROLE_WORDS else w for w in role.split())
