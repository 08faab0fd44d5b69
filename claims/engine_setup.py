"""The one place Django settings become the analysis engine's configuration."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.cache import caches

from engine.config import EngineConfig

# The cache alias factcheck/settings.py defines when stance readings are shared (Redis configured, sharing on).
STANCE_READINGS_CACHE = "stance_readings"


def engine_config_from_settings() -> EngineConfig:
    return EngineConfig(
        model_precision=settings.FACTCHECK_MODEL_PRECISION,
        model_runtime=settings.FACTCHECK_MODEL_RUNTIME,
        spacy_model=settings.FACTCHECK_SPACY_MODEL,
    )


class CachedStanceReadings:
    """The stance model's shared readings in the `stance_readings` cache, looked up per call: Django's cache handler
    gives each thread (and each forked worker process) its own client, so nothing opened before a fork is reused."""

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        return caches[STANCE_READINGS_CACHE].get_many(keys)

    def set_many(self, data: dict[str, Any]) -> Any:
        return caches[STANCE_READINGS_CACHE].set_many(data)


def shared_stance_readings() -> CachedStanceReadings | None:
    """The store to share stance readings in, or None when settings configure none (no Redis, or sharing off)."""
    return CachedStanceReadings() if STANCE_READINGS_CACHE in settings.CACHES else None
