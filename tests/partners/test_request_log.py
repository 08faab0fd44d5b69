"""Every partner request is logged, committed asynchronously on its own and never loosening a caller's transaction."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client

from partners import services
from partners.models import ApiRequestLog, Scope
from tests.partners.helpers import api_key, bearer


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_a_partner_request_is_logged_and_the_connection_stays_synchronous() -> None:
    key, raw = api_key(scopes=[Scope.VERDICTS_READ])
    client = Client()
    client.defaults.update(bearer(raw))
    assert client.get("/api/v1/claims/?page_size=5").status_code == 200
    assert client.get("/api/v1/claims/999999/").status_code == 404
    logged = list(ApiRequestLog.objects.order_by("id").values_list("partner_id", "key_prefix", "path", "status_code"))
    assert logged == [
        (key.partner_id, key.prefix, "/api/v1/claims/?page_size=5", 200),
        (key.partner_id, key.prefix, "/api/v1/claims/999999/", 404),
    ]
    # The asynchronous commit was local to the log's own transaction: the next write on this connection waits.
    assert synchronous_commit() == "on"


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_log_row_commits_with_it_as_durably() -> None:
    key, _ = api_key(scopes=[Scope.VERDICTS_READ])
    with transaction.atomic():
        services.api_request_record(api_key=key, method="GET", path="/api/v1/claims/", status_code=200)
        assert synchronous_commit() == "on"
    assert ApiRequestLog.objects.filter(key_prefix=key.prefix).count() == 1
