"""API keys: shown once, stored hashed, revocable."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from partners import services
from partners.keys import hash_key
from partners.models import ApiKey, Partner
from partners.selectors import api_key_by_prefix
from tests.partners.helpers import ALL_SCOPES, api_key, bearer, partner

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


def test_the_key_lookup_loads_what_the_orm_loads_in_one_query(django_assert_num_queries):
    owner = services.partner_create(name="Lookup Gazette", contact_email="desk@lookup.example", notes="wire partner")
    key, _ = api_key(owner=owner, expired=True)
    services.api_key_mark_used(api_key=key, now=timezone.now())
    expected = ApiKey.objects.select_related("partner").get(pk=key.pk)
    with django_assert_num_queries(1):
        found = api_key_by_prefix(key.prefix)
        assert found is not None
        partner_values = {field.attname: getattr(found.partner, field.attname) for field in Partner._meta.fields}
    for field in ApiKey._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert sorted(found.scopes) == sorted(ALL_SCOPES)
    assert found.expires_at is not None and found.last_used_at is not None
    assert partner_values == {field.attname: getattr(expected.partner, field.attname) for field in Partner._meta.fields}
    assert found.partner.created_at.tzinfo is not None
    assert not found._state.adding and found._state.db == expected._state.db


def test_the_key_lookup_finds_nothing_for_an_unknown_prefix():
    api_key()
    assert api_key_by_prefix("00000000") is None
