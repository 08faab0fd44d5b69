import pytest

from engine.config import EngineConfig
from engine.models import spacy_pipeline
from engine.models.minilm import ModelLoadError


def test_a_missing_pipeline_fails_with_a_message_that_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spacy_pipeline, "current", lambda: EngineConfig(spacy_model="no_such_pipeline"))

    with pytest.raises(ModelLoadError, match=r"'no_such_pipeline' is not installed.*requirements-models\.txt"):
        spacy_pipeline._load()


def test_the_configured_pipeline_loads_without_the_components_attribution_does_not_read() -> None:
    nlp = spacy_pipeline.load_spacy()

    assert "lemmatizer" not in nlp.pipe_names
    assert {"parser", "ner"} <= set(nlp.pipe_names)


def test_an_empty_pipeline_name_is_refused() -> None:
    with pytest.raises(ValueError, match="spaCy model name"):
        EngineConfig(spacy_model=" ")
