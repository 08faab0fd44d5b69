"""The moderation admin: every page loads for a moderator, bulk actions work through the services and are audited."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from articles.models import Article, Source
from claims.models import Evidence, ReviewEvent, ReviewState
from partners import services
from partners.models import ApiKey, WebhookDelivery, WebhookEvent
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    PassageFactory,
    SourceFactory,
    moderator,
    reviewer,
)
from tests.partners.helpers import api_key, bearer, partner, published_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    claim = published_claim()
    EvidenceFactory(claim=claim, passage=PassageFactory(), state=Evidence.State.ACCEPTED)
    ReviewEvent.objects.create(claim=claim, action="published", to_state="published", claim_version=1)
    owner = partner()
    key, raw = api_key(owner=owner)
    from django.test import Client as C

    C().get("/api/v1/claims/", **bearer(raw))  # one request log row
    subscription, _ = services.subscription_create(partner=owner, url="http://127.0.0.1:9/hook")
    [delivery] = services.webhook_fan_out(claim_id=claim.pk, event=WebhookEvent.PUBLISHED)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed", attempts=8, last_error="HTTP 500")
    return {"claim": claim, "key": key, "subscription": subscription, "delivery": delivery, "partner": owner}


@pytest.fixture
def mod_client():
    client = Client()
    client.force_login(moderator(email="mod@desk.example"))
    return client


MODELS = [
    ("articles", "source"),
    ("articles", "article"),
    ("articles", "passage"),
    ("claims", "claim"),
    ("claims", "evidence"),
    ("claims", "reviewevent"),
    ("partners", "partner"),
    ("partners", "apikey"),
    ("partners", "apirequestlog"),
    ("partners", "articlesubmission"),
    ("partners", "webhooksubscription"),
    ("partners", "webhookdelivery"),
    ("admin", "logentry"),
]


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_every_changelist_and_change_form_loads_for_a_moderator(data, mod_client, app, model):
    changelist = mod_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200
    from django.apps import apps

    obj = apps.get_model(app, model).objects.first()
    if obj is not None:
        assert mod_client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk])).status_code == 200
    assert mod_client.get(reverse(f"admin:{app}_{model}_changelist") + "?q=flood").status_code == 200


def test_the_audit_trail_is_read_only(data, mod_client):
    event = ReviewEvent.objects.first()
    assert mod_client.get(reverse("admin:claims_reviewevent_add")).status_code == 403
    assert mod_client.get(reverse("admin:claims_reviewevent_delete", args=[event.pk])).status_code == 403
    page = mod_client.post(reverse("admin:claims_reviewevent_change", args=[event.pk]), {"note": "rewritten"})
    assert page.status_code == 403
    event.refresh_from_db()
    assert event.note == ""


def test_a_reviewer_cannot_enter_the_admin():
    client = Client()
    client.force_login(reviewer())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def act(client, app, model, action, ids, **extra):
    return client.post(
        reverse(f"admin:{app}_{model}_changelist"),
        {"action": action, "_selected_action": [str(i) for i in ids], **extra},
    )


def test_withdraw_asks_for_a_reason_then_goes_through_the_service(data, mod_client):
    claim = data["claim"]
    form = act(mod_client, "claims", "claim", "withdraw", [claim.pk])
    assert form.status_code == 200
    assert b"reason" in form.content
    done = act(mod_client, "claims", "claim", "withdraw", [claim.pk], apply="1", reason="The outlet retracted it.")
    assert done.status_code == 302
    claim.refresh_from_db()
    assert claim.review_state == ReviewState.WITHDRAWN
    event = ReviewEvent.objects.filter(claim=claim, action="withdrawn").get()
    assert event.note == "The outlet retracted it."
    assert event.actor.username.startswith("user")


def test_unpublish_returns_the_claim_to_the_desk(data, mod_client):
    claim = data["claim"]
    act(mod_client, "claims", "claim", "unpublish", [claim.pk], apply="1", reason="Needs a second look.")
    claim.refresh_from_db()
    assert claim.review_state == ReviewState.REVIEWED
    assert ReviewEvent.objects.filter(claim=claim, action="unpublished", note="Needs a second look.").exists()


def test_assign_goes_through_the_service_and_is_audited(mod_client):
    claims = [ClaimFactory(), ClaimFactory()]
    who = reviewer()
    act(mod_client, "claims", "claim", "assign", [c.pk for c in claims], apply="1", assignee=str(who.pk))
    for claim in claims:
        claim.refresh_from_db()
        assert claim.assigned_to == who
        assert ReviewEvent.objects.filter(claim=claim, action="assigned").exists()


def test_reprocess_requeues_articles_and_logs_it(mod_client):
    article = ArticleFactory(status=Article.Status.FAILED)
    act(mod_client, "articles", "article", "reprocess", [article.pk])
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED
    assert LogEntry.objects.filter(object_id=str(article.pk), change_message__contains="reprocessing").exists()


def test_merging_outlets_moves_articles_and_deletes_the_duplicates(mod_client):
    keep = SourceFactory(name="Daily Example", domain="daily.example")
    dupe = SourceFactory(name="The Daily Example", domain="dailyexample.example")
    article = ArticleFactory(source=dupe)
    form = act(mod_client, "articles", "source", "merge_sources", [keep.pk, dupe.pk])
    assert form.status_code == 200
    act(mod_client, "articles", "source", "merge_sources", [keep.pk, dupe.pk], apply="1", keep=str(keep.pk))
    article.refresh_from_db()
    assert article.source == keep
    assert not Source.objects.filter(pk=dupe.pk).exists()
    entry = LogEntry.objects.get(object_id=str(keep.pk))
    assert "dailyexample.example" in entry.change_message
    # The moderation log shows it.
    assert b"dailyexample.example" in mod_client.get(reverse("admin:admin_logentry_changelist")).content


def test_revoking_keys_cuts_access_and_is_logged(data, mod_client):
    key, raw = api_key()
    act(mod_client, "partners", "apikey", "revoke", [key.pk])
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    assert Client().get("/api/v1/claims/", **bearer(raw)).status_code == 401
    assert LogEntry.objects.filter(object_id=str(key.pk), change_message__contains="Revoked").exists()


def test_replaying_a_failed_delivery_queues_it_again(data, mod_client, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("partners.tasks.deliver_webhook_task.delay", lambda delivery_id: sent.append(delivery_id))
    delivery = data["delivery"]
    with django_capture_on_commit_callbacks(execute=True):
        act(mod_client, "partners", "webhookdelivery", "replay", [delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert sent == [str(delivery.delivery_id)]
    assert LogEntry.objects.filter(object_id=str(delivery.pk), change_message__contains="Replayed").exists()


def test_issuing_a_key_shows_it_once(data, mod_client):
    response = act(
        mod_client, "partners", "partner", "issue_key", [data["partner"].pk], apply="1", scopes=["verdicts:read"]
    )
    assert response.status_code == 302
    page = mod_client.get(response["Location"]).content.decode()
    raw = page.split("<code>")[1].split("</code>")[0]
    assert Client().get("/api/v1/claims/", **bearer(raw)).status_code == 200


def test_export_csv_downloads_the_selection(data, mod_client):
    response = act(mod_client, "claims", "claim", "export_csv", [data["claim"].pk])
    assert response["Content-Type"].startswith("text/csv")
    # Streamed, with a byte-order mark so spreadsheets read it as UTF-8.
    lines = b"".join(response.streaming_content).decode().removeprefix("\ufeff").splitlines()
    assert lines[0].startswith("id,text,review_state,verdict")
    assert lines[1].startswith(f"{data['claim'].pk},")


def test_a_moderator_is_not_a_superuser_and_cannot_delete_claims(data, mod_client):
    claim = data["claim"]
    assert mod_client.get(reverse("admin:claims_claim_delete", args=[claim.pk])).status_code == 403


def test_claims_cannot_be_assigned_in_the_admin_to_someone_who_cannot_review_them(mod_client):
    from tests.factories import editor

    claim = ClaimFactory()
    who = editor()
    act(mod_client, "claims", "claim", "assign", [claim.pk], apply="1", assignee=str(who.pk))
    claim.refresh_from_db()
    assert claim.assigned_to is None
    assert not ReviewEvent.objects.filter(claim=claim, action="assigned").exists()
