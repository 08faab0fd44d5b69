"""Worker processes share the stance model's readings through the Redis cache, so a refresh never reads a pair twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import override_settings

from claims.engine_setup import STANCE_READINGS_CACHE, shared_stance_readings
from engine.stance import model as stance_model
from engine.stance.model import StanceModel

ROOT = Path(__file__).resolve().parents[2]
PAIRS = [
    ("At least 14 people were killed in the attack, officials said.", "The attack killed at least 14 people."),
    ("No injuries were reported.", "Three guards were hurt in the attack."),
]


@pytest.fixture
def redis_readings() -> Iterator[Any]:
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.fail("this test needs Redis (CELERY_BROKER_URL): run make test")
    cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": broker,
        "KEY_PREFIX": f"test-readings-{uuid.uuid4().hex}",  # no other run's readings
        "TIMEOUT": 60,
    }
    with override_settings(CACHES={**django_settings.CACHES, STANCE_READINGS_CACHE: cache}):
        store = shared_stance_readings()
        assert store is not None
        stance_model.share_readings(store)
        try:
            yield store
        finally:
            stance_model.share_readings(None)
            caches[STANCE_READINGS_CACHE].clear()
            caches[STANCE_READINGS_CACHE].close()


@pytest.mark.slow
def test_a_second_worker_process_takes_the_readings_from_redis_bit_for_bit(redis_readings: Any) -> None:
    first = StanceModel.load(precision="float32").logits(PAIRS)
    second = StanceModel.load(precision="float32")  # nothing kept locally, as in another process
    calls: list[int] = []
    encoder = second.head._encoder
    forward = encoder._forward
    encoder._forward = lambda batch, **kwargs: calls.append(1) or forward(batch, **kwargs)  # type: ignore[method-assign]

    again = second.logits(PAIRS)

    assert calls == []
    np.testing.assert_array_equal(again, first)


def _cache_aliases(env: dict[str, str]) -> list[str]:
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, django; from django.conf import settings; django.setup(); "
            "print(json.dumps(sorted(settings.CACHES)))",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(completed.stdout.strip().splitlines()[-1]))


def test_readings_are_shared_only_with_redis_and_while_switched_on() -> None:
    with_redis = {"FACTCHECK_CACHE_URL": "redis://cache:6379/1", "SECRET_KEY": "x"}

    assert STANCE_READINGS_CACHE in _cache_aliases(with_redis)
    assert STANCE_READINGS_CACHE not in _cache_aliases({**with_redis, "FACTCHECK_STANCE_READINGS_SECONDS": "0"})
    assert STANCE_READINGS_CACHE not in _cache_aliases({"FACTCHECK_CACHE_URL": "", "SECRET_KEY": "x"})
