"""Fixtures the partner API tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from partners.models import Scope
from tests.partners.helpers import api_key, bearer


@pytest.fixture
def fresh_throttle_cache() -> Iterator[None]:
    """An empty default cache (the partner rate limit's counters) before and after the test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner_client() -> Client:
    """A test client sending a fresh partner key allowed to read verdicts."""
    _, raw = api_key(scopes=[Scope.VERDICTS_READ])
    client = Client()
    client.defaults.update(bearer(raw))
    return client
