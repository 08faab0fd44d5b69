"""API keys: shown once, stored hashed, revocable."""

from __future__ import annotations

import pytest
from django.test import Client

from partners import services
from partners.keys import hash_key
from partners.models import ApiKey
from tests.partners.helpers import bearer, partner

pytestmark = pytest.mark.django_db


def test_only_the_hash_of_a_key_is_stored():
    key, raw = services.api_key_create(partner=partner())
    row = ApiKey.objects.filter(pk=key.pk).values().get()
    assert raw not in str(row)
    assert row["hashed_key"] == hash_key(raw)
    assert raw.startswith(f"fck_{key.prefix}_")


def test_a_revoked_key_stops_working_at_once():
    key, raw = services.api_key_create(partner=partner())
    assert Client().get("/api/v1/claims/", **bearer(raw)).status_code == 200
    assert services.api_key_revoke(key_id=key.pk)
    assert not services.api_key_revoke(key_id=key.pk)
    assert Client().get("/api/v1/claims/", **bearer(raw)).status_code == 401


def test_a_disabled_partner_cannot_use_its_keys():
    key, raw = services.api_key_create(partner=partner())
    key.partner.is_active = False
    key.partner.save()
    response = Client().get("/api/v1/claims/", **bearer(raw))
    assert response.status_code == 401
    assert "disabled" in response.json()["error"]["message"]


@pytest.mark.parametrize("header", ["Bearer", "Bearer fck_", "Bearer not-a-key", "Bearer fck_a_b c"])
def test_malformed_keys_are_401_not_500(header):
    response = Client().get("/api/v1/claims/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
