"""ClaimReview JSON-LD embedded the way docs/partner-guide.md shows runs no script, whatever the desk stored."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from partners import services
from partners.models import Scope, WebhookDelivery, WebhookEvent
from tests.factories import ArticleFactory, SourceFactory
from tests.partners.helpers import api_key, bearer, partner, published_claim

# transaction=True: with Playwright running, the ORM writes through a connection outside the test's transaction, so
# only a flush at teardown keeps these rows from leaking into the tests that run after.
pytestmark = pytest.mark.django_db(transaction=True)

PAYLOAD = "</script><script>window.__pwned = (window.__pwned || 0) + 1; alert(1)</script><!--"
ATTRIBUTE_BREAK = '"\'><img src=x onerror="window.__pwned=(window.__pwned||0)+1">&amp;\u2028\u2029'


def hostile_claim() -> Any:
    article = ArticleFactory(
        source=SourceFactory(name=f"Outlet {PAYLOAD}"),
        title=f"Headline {PAYLOAD}",
        url="https://news.example/story",
    )
    return published_claim(article=article, text=f"Claim {PAYLOAD} {ATTRIBUTE_BREAK}", rationale=f"Why {PAYLOAD}")


def embedded_page(json_ld: str) -> str:
    # Exactly the snippet of docs/partner-guide.md §4, inside an otherwise empty article page.
    return (
        "<!doctype html><html><head><title>Partner article</title>"
        f'<script type="application/ld+json">{json_ld}</script>'
        "</head><body><p>Article text.</p></body></html>"
    )


def run_in_browser(browser: Any, html: str) -> tuple[Any, list[str], Any]:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_content(html)
    pwned = page.evaluate("window.__pwned")
    parsed = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    page.close()
    return pwned, dialogs, parsed


def test_the_jsonld_endpoint_can_be_embedded_without_running_script(browser):
    claim = hostile_claim()
    _, raw = api_key(scopes=[Scope.VERDICTS_READ])
    response = Client().get(f"/api/v1/claims/{claim.pk}.jsonld", **bearer(raw))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<" not in body and ">" not in body and "&" not in body

    pwned, dialogs, parsed = run_in_browser(browser, embedded_page(body))

    assert pwned is None and dialogs == []
    # The escapes are only an encoding: the page's reader gets the desk's exact words back.
    assert parsed == json.loads(body)
    assert parsed["reviewRating"]["ratingExplanation"] == f"Why {PAYLOAD}"
    assert parsed["itemReviewed"]["appearance"]["headline"] == f"Headline {PAYLOAD}"


def test_the_claim_review_inside_the_claims_json_can_be_embedded_too(browser):
    claim = hostile_claim()
    _, raw = api_key(scopes=[Scope.VERDICTS_READ])
    body = Client().get(f"/api/v1/claims/{claim.pk}/", **bearer(raw)).content.decode()
    assert "<" not in body and ">" not in body and "&" not in body
    # A partner that copies the `claim_review` object out of the raw response text gets escaped JSON as well
    # (it is the response's last field).
    raw_review = body[body.index('"claim_review":') + len('"claim_review":') : -1]
    pwned, dialogs, parsed = run_in_browser(browser, embedded_page(raw_review))
    assert pwned is None and dialogs == []
    assert parsed == json.loads(body)["claim_review"]


def test_the_webhook_body_is_escaped_the_same_way():
    claim = hostile_claim()
    owner = partner()
    subscription, _ = services.subscription_create(
        partner=owner, url="https://hooks.example.org/factcheck", events=[WebhookEvent.PUBLISHED]
    )
    delivery = WebhookDelivery(
        subscription=subscription,
        claim_id=claim.pk,
        event=WebhookEvent.PUBLISHED,
        payload=services.webhook_payload(claim=claim, event=WebhookEvent.PUBLISHED, delivery_id=uuid.uuid4()),
    )
    body = services.delivery_body(delivery).decode()
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["claim"]["claim_review"]["reviewRating"]["ratingExplanation"] == f"Why {PAYLOAD}"
