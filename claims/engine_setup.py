"""The one place Django settings become the analysis engine's configuration."""

from django.conf import settings

from engine.config import EngineConfig


def engine_config_from_settings() -> EngineConfig:
    return EngineConfig(
        model_precision=settings.FACTCHECK_MODEL_PRECISION,
        model_runtime=settings.FACTCHECK_MODEL_RUNTIME,
        spacy_model=settings.FACTCHECK_SPACY_MODEL,
    )
