"""`manage.py create_partner` prints a working key on its last line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from partners.models import ApiKey, Partner

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("create_partner", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_key_alone_on_the_last_line_and_the_key_works():
    output = run("Riverton Post", "--scope", "verdicts:read", "--scope", "articles:submit", "--expires-in-days", "30")
    key = output.strip().splitlines()[-1]
    assert key.startswith("fck_") and " " not in key
    stored = ApiKey.objects.get(partner__name="Riverton Post")
    assert stored.scopes == ["articles:submit", "verdicts:read"]
    assert stored.expires_at is not None
    assert key not in stored.hashed_key
    assert Client().get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_a_second_run_adds_a_key_to_the_same_partner():
    first = run("Riverton Post").strip().splitlines()[-1]
    second = run("riverton post").strip().splitlines()[-1]
    assert first != second
    assert Partner.objects.count() == 1
    assert ApiKey.objects.count() == 2


def test_it_refuses_an_unknown_scope():
    with pytest.raises(CommandError):
        run("Riverton Post", "--scope", "admin:everything")
