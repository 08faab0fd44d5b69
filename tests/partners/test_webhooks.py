"""Webhook delivery to a real HTTP receiver on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from claims import services as claim_services
from claims.models import ReviewState
from docs.examples.verify_signature import verify_signature
from partners import services
from partners.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from partners.tasks import WebhookDeliveryError, deliver_webhook_task
from tests.factories import ClaimFactory, editor, moderator
from tests.partners.helpers import partner, published_claim

pytestmark = pytest.mark.django_db


class Receiver:
    """Records every request; answers with the queued status codes, then 200."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/factcheck"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def subscription(receiver):
    sub, secret = services.subscription_create(partner=partner(), url=receiver.url)
    sub.plain_secret = secret
    return sub


def deliveries_for(claim, event):
    return services.webhook_fan_out(claim_id=claim.pk, event=event)


def test_a_delivery_is_signed_and_verifies_with_the_documented_snippet(receiver, subscription):
    claim = published_claim()
    [delivery] = deliveries_for(claim, WebhookEvent.PUBLISHED)
    assert deliver_webhook_task(str(delivery.delivery_id)) == "succeeded"

    [request] = receiver.requests
    headers = request["headers"]
    assert verify_signature(subscription.plain_secret, request["body"], headers["X-Signature"])
    assert not verify_signature("whsec_wrong", request["body"], headers["X-Signature"])
    assert not verify_signature(subscription.plain_secret, request["body"] + b" ", headers["X-Signature"])
    assert headers["X-Delivery-Id"] == str(delivery.delivery_id)
    assert headers["X-Event"] == "verdict.published"
    payload = json.loads(request["body"])
    assert payload["event"] == "verdict.published"
    assert payload["delivery_id"] == str(delivery.delivery_id)
    assert payload["claim"]["id"] == claim.pk
    assert payload["claim"]["claim_review"]["@type"] == "ClaimReview"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 1, 200)


def test_an_old_signature_is_refused_by_the_snippet(receiver, subscription):
    [delivery] = deliveries_for(published_claim(), WebhookEvent.PUBLISHED)
    deliver_webhook_task(str(delivery.delivery_id))
    request = receiver.requests[0]
    timestamp = int(request["headers"]["X-Signature"].split(",")[0].removeprefix("t="))
    assert not verify_signature(
        subscription.plain_secret, request["body"], request["headers"]["X-Signature"], now=timestamp + 3600
    )


def test_failures_are_retried_until_the_receiver_accepts(receiver, subscription):
    receiver.statuses = [500, 500]
    [delivery] = deliveries_for(published_claim(), WebhookEvent.PUBLISHED)
    for _ in range(2):
        with pytest.raises(WebhookDeliveryError):
            deliver_webhook_task(str(delivery.delivery_id))  # a worker would retry after the backoff
        delivery.refresh_from_db()
        assert delivery.status == "pending"
        assert delivery.next_attempt_at is not None
    assert deliver_webhook_task(str(delivery.delivery_id)) == "succeeded"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 3)
    assert len(receiver.requests) == 3
    # Every attempt carries the same delivery id, so the receiver can ignore repeats.
    assert {r["headers"]["X-Delivery-Id"] for r in receiver.requests} == {str(delivery.delivery_id)}
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0


def test_an_eager_run_never_retries_inside_the_request_and_the_sweep_sends_it_when_due(receiver, subscription):
    receiver.statuses = [500]
    [delivery] = deliveries_for(published_claim(), WebhookEvent.PUBLISHED)
    assert deliver_webhook_task.apply(args=[str(delivery.delivery_id)]).get() == "pending"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(receiver.requests)) == ("pending", 1, 1)
    assert services.deliveries_resend_lost(older_than=timedelta(0)) == []  # not due yet: it waits its backoff
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    assert services.deliveries_resend_lost(older_than=timedelta(minutes=2)) == [delivery.delivery_id]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(receiver.requests)) == ("succeeded", 2, 2)


def test_a_delivery_whose_message_was_lost_is_sent_by_the_sweep(receiver, subscription):
    [delivery] = deliveries_for(published_claim(), WebhookEvent.PUBLISHED)  # queued, but the message never came
    WebhookDelivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    assert services.deliveries_resend_lost(older_than=timedelta(minutes=2)) == [delivery.delivery_id]
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and len(receiver.requests) == 1
    assert services.deliveries_resend_lost(older_than=timedelta(minutes=2)) == []  # nothing is sent twice


def test_a_burst_during_a_short_outage_retries_each_delivery_and_does_not_pause(receiver, subscription, settings):
    settings.FACTCHECK_WEBHOOK_PAUSE_AFTER_FAILURES = 3
    receiver.statuses = [503] * 5
    deliveries = [deliveries_for(published_claim(), WebhookEvent.PUBLISHED)[0] for _ in range(5)]
    for delivery in deliveries:
        with pytest.raises(WebhookDeliveryError):
            deliver_webhook_task(str(delivery.delivery_id))
    subscription.refresh_from_db()
    assert not subscription.is_paused  # five deliveries failed once each: none has given up
    assert {d.status for d in WebhookDelivery.objects.all()} == {"pending"}


def test_a_second_fan_out_of_the_same_event_sends_nothing_new(receiver, subscription):
    claim = published_claim()
    first = deliveries_for(claim, WebhookEvent.PUBLISHED)
    for delivery in first:
        deliver_webhook_task(str(delivery.delivery_id))
    assert deliveries_for(claim, WebhookEvent.PUBLISHED) == []
    assert WebhookDelivery.objects.count() == 1
    assert len(receiver.requests) == 1


def test_review_changes_reach_the_partner_once_each(receiver, subscription, django_capture_on_commit_callbacks):
    claim = ClaimFactory(review_state=ReviewState.REVIEWED, verdict="supported", rationale="Matches the wire copy.")
    desk = editor()
    with django_capture_on_commit_callbacks(execute=True):
        claim_services.claim_publish(claim_id=claim.pk, editor=desk)
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_services.claim_set_verdict(
            claim_id=claim.pk,
            verdict="disputed",
            rationale="The council corrected it.",
            reviewer=desk,
            expected_version=claim.__class__.objects.get(pk=claim.pk).version,
        )
    with django_capture_on_commit_callbacks(execute=True):
        claim_services.claim_withdraw(claim_id=claim.pk, actor=desk, reason="Source retracted the story.")
    events = [r["headers"]["X-Event"] for r in receiver.requests]
    assert events == ["verdict.published", "verdict.corrected", "verdict.withdrawn"]
    assert len({r["headers"]["X-Delivery-Id"] for r in receiver.requests}) == 3
    withdrawn = json.loads(receiver.requests[-1]["body"])
    assert withdrawn["claim"]["reason"] == "Source retracted the story."
    assert "verdict" not in withdrawn["claim"]


def test_a_failing_endpoint_is_paused_the_moderators_are_told_and_nothing_is_lost(
    receiver, subscription, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_WEBHOOK_PAUSE_AFTER_FAILURES = 3
    settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 3
    moderator(email="mod@desk.example")
    receiver.statuses = [500] * 10
    claims = [published_claim() for _ in range(3)]
    first = deliveries_for(claims[0], WebhookEvent.PUBLISHED)[0]
    for _ in range(2):
        with pytest.raises(WebhookDeliveryError):
            deliver_webhook_task(str(first.delivery_id))
    assert deliver_webhook_task(str(first.delivery_id)) == "failed"  # its attempts are spent: paused

    subscription.refresh_from_db()
    assert subscription.is_paused
    assert subscription.moderators_notified_at is not None
    [message] = mail.outbox
    assert message.to == ["mod@desk.example"]
    assert subscription.partner.name in message.subject
    # While paused, new events still get their delivery rows: they wait instead of being lost.
    assert deliveries_for(claims[1], WebhookEvent.PUBLISHED) == []  # nothing is sent now
    assert deliveries_for(claims[2], WebhookEvent.PUBLISHED) == []
    waiting = WebhookDelivery.objects.filter(status="pending").order_by("created_at")
    assert [d.claim_id for d in waiting] == [claims[1].pk, claims[2].pk]
    assert len(receiver.requests) == 3

    # Once the partner fixes it, a moderator resumes: what waited goes out, oldest first; the failed one is replayed.
    receiver.statuses = []
    with pytest.raises(services.PartnerError):
        services.delivery_replay(delivery_id=first.delivery_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.subscription_resume(subscription_id=subscription.pk)
    assert [json.loads(r["body"])["claim_id"] for r in receiver.requests[3:]] == [claims[1].pk, claims[2].pk]
    assert services.delivery_replay(delivery_id=first.delivery_id)
    assert deliver_webhook_task(str(first.delivery_id)) == "succeeded"
    assert WebhookDelivery.objects.filter(status="succeeded").count() == 3


def test_an_unreachable_endpoint_counts_as_a_failure(subscription):
    WebhookSubscription.objects.filter(pk=subscription.pk).update(url="http://127.0.0.1:9/nothing-listens")
    [delivery] = deliveries_for(published_claim(), WebhookEvent.PUBLISHED)
    with pytest.raises(WebhookDeliveryError):
        deliver_webhook_task(str(delivery.delivery_id))
    delivery.refresh_from_db()
    assert delivery.last_status_code is None
    assert "ConnectionError" in delivery.last_error


def test_events_a_partner_did_not_subscribe_to_are_not_sent(receiver):
    services.subscription_create(partner=partner(), url=receiver.url, events=[WebhookEvent.WITHDRAWN])
    assert deliveries_for(published_claim(), WebhookEvent.PUBLISHED) == []


def test_the_partner_guide_shows_the_tested_snippet():
    import inspect
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "partner-guide.md").read_text()
    assert inspect.getsource(verify_signature) in guide


def test_a_published_event_still_retrying_is_not_sent_after_the_verdict_is_withdrawn(receiver, subscription):
    claim = published_claim()
    [delivery] = deliveries_for(claim, WebhookEvent.PUBLISHED)
    receiver.statuses = [503]
    assert services.delivery_attempt(delivery_id=delivery.delivery_id).status == WebhookDelivery.Status.PENDING
    claim_services.claim_withdraw(claim_id=claim.pk, actor=editor(), reason="The source retracted the figure")

    outcome = services.delivery_attempt(delivery_id=delivery.delivery_id)

    assert len(receiver.requests) == 1  # only the first, failed attempt reached the partner
    assert outcome.retry_in is None
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "no longer published" in delivery.last_error


def test_the_admin_shows_a_banner_for_every_paused_subscription(subscription, client):
    services.subscription_pause(subscription_id=subscription.pk, reason="8 consecutive failed deliveries.")
    client.force_login(moderator())
    page = client.get("/admin/partners/webhooksubscription/").content.decode()
    assert "are paused since" in page and "8 consecutive failed deliveries." in page
