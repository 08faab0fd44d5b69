"""The admin's partner and webhook forms refuse what the partner services refuse, with the services' messages."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from partners import services
from partners.models import Partner, WebhookEvent, WebhookSubscription
from tests.factories import moderator
from tests.partners.helpers import partner

pytestmark = pytest.mark.django_db

BAD_URLS = ["ftp://partner.example/hook", "partner.example/hook", "not a url"]


@pytest.fixture
def mod_client() -> Client:
    client = Client()
    client.force_login(moderator(email="mod@desk.example"))
    return client


def _service_message(url: str) -> str:
    with pytest.raises(services.PartnerError) as refused:
        services.subscription_create(partner=partner(), url=url)
    return str(refused.value)


def _form(owner: Partner, url: str) -> dict[str, object]:
    return {"partner": str(owner.pk), "url": url, "events": [WebhookEvent.PUBLISHED], "active": "on"}


@pytest.mark.parametrize("url", BAD_URLS)
def test_adding_a_webhook_with_an_invalid_url_is_refused_with_the_services_message(mod_client, url):
    owner = partner()
    message = _service_message(url)
    response = mod_client.post(reverse("admin:partners_webhooksubscription_add"), _form(owner, url))
    assert response.status_code == 200  # the form again, not a redirect
    assert message in html.unescape(response.content.decode())
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("url", BAD_URLS)
def test_changing_a_webhook_to_an_invalid_url_is_refused_with_the_services_message(mod_client, url):
    owner = partner()
    subscription, _ = services.subscription_create(partner=owner, url="https://partner.example/hook")
    message = _service_message(url)
    change = reverse("admin:partners_webhooksubscription_change", args=[subscription.pk])
    response = mod_client.post(change, _form(owner, url))
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    subscription.refresh_from_db()
    assert subscription.url == "https://partner.example/hook"


def test_a_valid_change_goes_through_and_keeps_the_signing_secret(mod_client):
    owner = partner()
    subscription, secret = services.subscription_create(partner=owner, url="https://partner.example/hook")
    change = reverse("admin:partners_webhooksubscription_change", args=[subscription.pk])
    response = mod_client.post(change, _form(owner, "  https://partner.example/v2/hook "))
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.url, subscription.events, subscription.secret) == (
        "https://partner.example/v2/hook",
        [WebhookEvent.PUBLISHED],
        secret,
    )


def _partner_form(*, name: str) -> dict[str, str]:
    inlines = {
        f"{prefix}-{field}": "0"
        for prefix in ("api_keys", "subscriptions")
        for field in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    return {"name": name, "contact_email": "", "notes": "", "is_active": "on", **inlines}


def test_a_partner_can_be_renamed_through_the_service(mod_client):
    other = partner("Weekly Example")
    response = mod_client.post(
        reverse("admin:partners_partner_change", args=[other.pk]), _partner_form(name=" Weekly ")
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.name == "Weekly"


def test_renaming_a_partner_to_another_partners_name_is_refused_like_creating_one(mod_client):
    partner("Daily Example")
    other = partner("Weekly Example")
    with pytest.raises(services.PartnerError) as refused:
        services.partner_create(name="daily example")
    change = reverse("admin:partners_partner_change", args=[other.pk])
    response = mod_client.post(change, _partner_form(name="daily example"))
    assert response.status_code == 200
    assert str(refused.value) in html.unescape(response.content.decode())
    other.refresh_from_db()
    assert other.name == "Weekly Example"
