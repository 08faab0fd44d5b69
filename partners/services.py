"""Writes for partners, keys, webhook subscriptions and deliveries. Admin, command, API and tasks call these."""

from __future__ import annotations

import ipaddress
import json
import logging
import secrets
import socket
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import F, Field, Q
from django.utils import timezone

from articles.models import Article, Source
from articles.services import SourceInput, article_ingest
from claims.api.serializers import ClaimSerializer, claim_api_url, claims_for_api
from claims.models import Claim, ReviewEvent, ReviewState
from claims.roles import MODERATOR
from factcheck.api.renderers import json_for_embedding
from partners.keys import KEY_PREFIX, hash_key
from partners.models import (
    ApiKey,
    ApiRequestLog,
    ArticleSubmission,
    Partner,
    Scope,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from partners.signing import signature_header

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

# last_used_at is written at most this often per key, so busy partners do not turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class PartnerError(ValueError):
    """A partner change that cannot be made as asked; the message says why."""


WEBHOOK_URL_ERROR = "The webhook URL must be a full http(s) URL."
WEBHOOK_HTTPS_ERROR = "The webhook URL must be a full https URL (https://...)."


# --- partners and keys -------------------------------------------------------------------------------------------


@transaction.atomic
def partner_name_clean(*, name: str, partner_id: int | None = None) -> str:
    """The partner's name, stripped, if it is given and no other partner has it in any letter case."""
    name = name.strip()
    if not name:
        raise PartnerError("A partner needs a name.")
    others = Partner.objects.filter(name__iexact=name)
    if partner_id is not None:
        others = others.exclude(pk=partner_id)
    if others.exists():
        raise PartnerError(f"A partner named {name!r} already exists.")
    return name


@transaction.atomic
def partner_create(*, name: str, contact_email: str = "", notes: str = "") -> Partner:
    name = partner_name_clean(name=name)
    return Partner.objects.create(name=name, contact_email=contact_email.strip(), notes=notes)


@transaction.atomic
def partner_update(*, partner_id: int, name: str, contact_email: str, notes: str, is_active: bool) -> Partner:
    """Change a partner's details; `is_active=False` stops all its keys at once."""
    name = partner_name_clean(name=name, partner_id=partner_id)
    updated = Partner.objects.filter(pk=partner_id).update(
        name=name, contact_email=contact_email.strip(), notes=notes, is_active=is_active
    )
    if updated != 1:
        raise PartnerError(f"Partner {partner_id} does not exist.")
    return Partner.objects.get(pk=partner_id)


def _clean_scopes(scopes: Iterable[str]) -> list[str]:
    cleaned = sorted(set(scopes))
    unknown = [scope for scope in cleaned if scope not in Scope.values]
    if unknown:
        raise PartnerError(f"Unknown scope(s) {', '.join(unknown)}; use {', '.join(Scope.values)}.")
    return cleaned


@transaction.atomic
def api_key_create(
    *,
    partner: Partner,
    scopes: Iterable[str] = (Scope.VERDICTS_READ,),
    expires_at: datetime | None = None,
    label: str = "",
    created_by: User | None = None,
) -> tuple[ApiKey, str]:
    """Create a key and return it with its plaintext, which is not stored and cannot be shown again."""
    cleaned = _clean_scopes(scopes)
    if expires_at is not None and expires_at <= timezone.now():
        raise PartnerError("The expiry date must be in the future.")
    prefix = secrets.token_hex(4)
    while ApiKey.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    raw_key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        partner=partner,
        label=label.strip(),
        prefix=prefix,
        hashed_key=hash_key(raw_key),
        scopes=cleaned,
        expires_at=expires_at,
        created_by=created_by,
    )
    return key, raw_key


@transaction.atomic
def api_key_revoke(*, key_id: int, actor: User | None = None) -> bool:
    """Revoke a key at once; returns False when it was already revoked."""
    return (
        ApiKey.objects.filter(pk=key_id, revoked_at__isnull=True).update(revoked_at=timezone.now(), revoked_by=actor)
        == 1
    )


def api_key_mark_used(*, api_key: ApiKey, now: datetime) -> None:
    """Stamp a key as used at `now`, at most once per LAST_USED_RESOLUTION; updates `api_key` in place."""
    if api_key.last_used_at is not None and now - api_key.last_used_at <= LAST_USED_RESOLUTION:
        return
    # Compare-and-swap: of two requests racing past the check above, only one writes.
    ApiKey.objects.filter(pk=api_key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ).update(last_used_at=now)
    api_key.last_used_at = now


def api_request_record(*, api_key: ApiKey, method: str, path: str, status_code: int) -> None:
    """Log one partner request. On PostgreSQL, when this insert is its own transaction, it commits without waiting
    for its WAL record to reach disk (`synchronous_commit = off`, this transaction only): that flush cost the feed
    about a fifth of its throughput (benchmarks/RESULTS.md, "Partner API"). A server crash can then lose the last
    moments of log lines (at most three times `wal_writer_delay`, 0.6 s by default), never corrupt them; whatever
    the request itself wrote was committed normally before the response was finalised. Inside an outer transaction
    the setting would cover that transaction's writes too, so there the insert commits as usual."""
    line = ApiRequestLog(
        partner_id=api_key.partner_id,
        key_prefix=api_key.prefix,
        method=method[:10],
        path=path[:2000],
        status_code=status_code,
    )
    if connection.in_atomic_block or connection.vendor != "postgresql":
        line.save(force_insert=True)
        return
    # One statement, one round trip: the setting is made by the statement's own FROM clause and lasts until its
    # implicit transaction commits (BEGIN, SET LOCAL, INSERT and COMMIT were four round trips every request).
    with connection.cursor() as cursor:
        cursor.execute(
            _unflushed_log_insert(),
            [field.get_db_prep_save(getattr(line, field.attname), connection) for field in _log_fields()],
        )


@cache
def _log_fields() -> tuple[Field[Any, Any], ...]:
    """The log row's columns, in the order `_unflushed_log_insert` names them: read once a process, not per request."""
    return tuple(field for field in ApiRequestLog._meta.concrete_fields if field.column and not field.primary_key)


@cache
def _unflushed_log_insert() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in _log_fields())
    placeholders = ", ".join(["%s"] * len(_log_fields()))
    return (
        f"INSERT INTO {quote(ApiRequestLog._meta.db_table)} ({columns}) "
        f"SELECT {placeholders} FROM set_config('synchronous_commit', 'off', true)"
    )


# --- article submission -------------------------------------------------------------------------------------------


@transaction.atomic
def partner_article_submit(
    *,
    api_key: ApiKey,
    source: Source | SourceInput,
    filename: str = "",
    data: bytes | None = None,
    text: str | None = None,
    title: str = "",
    byline: str = "",
    url: str = "",
    published_on: date | None = None,
    language: str = "",
) -> Article:
    """Ingest an article for a partner (same service and errors as the web upload) and remember who sent it."""
    article = article_ingest(
        source=source,
        filename=filename,
        data=data,
        text=text,
        title=title,
        byline=byline,
        url=url,
        published_on=published_on,
        language=language,
        uploaded_by=None,
    )
    ArticleSubmission.objects.create(partner_id=api_key.partner_id, article=article, key_prefix=api_key.prefix)
    return article


# --- webhook subscriptions ----------------------------------------------------------------------------------------


def subscription_url_clean(url: str) -> str:
    """The webhook address, stripped, if it is a full https URL to a public address; the admin's form calls this too.

    FACTCHECK_WEBHOOK_ALLOW_INSECURE_URLS lets http and private addresses through, for local development.
    """
    url = url.strip()
    allow_insecure: bool = getattr(settings, "FACTCHECK_WEBHOOK_ALLOW_INSECURE_URLS", False)
    try:
        URLValidator(schemes=["http", "https"] if allow_insecure else ["https"])(url)
    except ValidationError as exc:
        raise PartnerError(WEBHOOK_URL_ERROR if allow_insecure else WEBHOOK_HTTPS_ERROR) from exc
    if not allow_insecure:
        problem = webhook_host_problem(urlsplit(url).hostname or "")
        if problem:
            raise PartnerError(problem)
    return url


def webhook_host_problem(host: str) -> str:
    """Why the desk must not send to this host (loopback, private, link-local, reserved), or "" if it may.

    A name that does not resolve now is let through: it cannot be judged, and delivery to it simply fails.
    """
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return f"The webhook host {host} is a local name; use a public https address."
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return ""
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if not address.is_global or address.is_multicast:
            return (
                f"The webhook host {host} is at {address}, which is not a public address (loopback, private, "
                "link-local or reserved); use a public https address."
            )
    return ""


def subscription_events_clean(events: Iterable[str]) -> list[str]:
    """The event types, sorted and unique, if there is at least one and all are known."""
    cleaned = sorted(set(events))
    if not cleaned:
        raise PartnerError("Choose at least one event type.")
    unknown = [event for event in cleaned if event not in WebhookEvent.values]
    if unknown:
        raise PartnerError(f"Unknown event(s) {', '.join(unknown)}; use {', '.join(WebhookEvent.values)}.")
    return cleaned


@transaction.atomic
def subscription_create(
    *, partner: Partner, url: str, events: Iterable[str] = tuple(WebhookEvent.values)
) -> tuple[WebhookSubscription, str]:
    """Register a webhook; returns it with its signing secret, to be shown to the partner once."""
    url = subscription_url_clean(url)
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription.objects.create(
        partner=partner, url=url, events=subscription_events_clean(events), secret=secret
    )
    return subscription, secret


@transaction.atomic
def subscription_update(*, subscription_id: int, url: str, events: Iterable[str], active: bool) -> WebhookSubscription:
    """Change where and what a webhook delivers, with the same checks as `subscription_create`; the secret stays."""
    url, cleaned = subscription_url_clean(url), subscription_events_clean(events)
    updated = WebhookSubscription.objects.filter(pk=subscription_id).update(url=url, events=cleaned, active=active)
    if updated != 1:
        raise PartnerError(f"Webhook subscription {subscription_id} does not exist.")
    return WebhookSubscription.objects.get(pk=subscription_id)


def _moderator_emails() -> list[str]:
    users = get_user_model().objects.filter(groups__name=MODERATOR, is_active=True).exclude(email="")
    return sorted({user.email for user in users})


def subscription_pause(*, subscription_id: int, reason: str) -> bool:
    """Stop deliveries to a subscription and tell the moderators; returns False when it was already paused."""
    now = timezone.now()
    with transaction.atomic():
        paused = WebhookSubscription.objects.filter(pk=subscription_id, paused_at__isnull=True).update(
            paused_at=now, pause_reason=reason
        )
    if not paused:
        return False
    subscription = WebhookSubscription.objects.select_related("partner").get(pk=subscription_id)
    recipients = _moderator_emails()
    if recipients:
        sent = send_mail(
            subject=f"Webhook paused for partner {subscription.partner.name}",
            message=(
                f"Deliveries to {subscription.url} for {subscription.partner.name} were paused: {reason}\n\n"
                "Check the endpoint with the partner, then resume the subscription and replay the failed deliveries "
                "in the admin (Partners and webhooks → Webhook subscriptions)."
            ),
            from_email=None,
            recipient_list=recipients,
            fail_silently=True,
        )
        if sent:
            WebhookSubscription.objects.filter(pk=subscription_id).update(moderators_notified_at=timezone.now())
    logger.warning("webhook subscription %s paused: %s", subscription_id, reason)
    return True


@transaction.atomic
def subscription_resume(*, subscription_id: int) -> bool:
    """Resume deliveries; what waited while paused goes out now, oldest first (so in order per claim)."""
    resumed = (
        WebhookSubscription.objects.filter(pk=subscription_id, paused_at__isnull=False).update(
            paused_at=None, pause_reason="", moderators_notified_at=None, consecutive_failures=0
        )
        == 1
    )
    if resumed:
        waiting = WebhookDelivery.objects.filter(
            subscription_id=subscription_id, status=WebhookDelivery.Status.PENDING
        ).order_by("created_at", "id")
        for delivery_id in waiting.values_list("delivery_id", flat=True):
            _enqueue_delivery(delivery_id)
    return resumed


# --- webhook fan-out and delivery ---------------------------------------------------------------------------------


def _withdrawal_reason(claim: Claim) -> str:
    event = (
        ReviewEvent.objects.filter(
            claim=claim, action__in=[ReviewEvent.Action.WITHDRAWN, ReviewEvent.Action.UNPUBLISHED]
        )
        .order_by("-created_at", "-id")
        .first()
    )
    return event.note if event else ""


def webhook_payload(*, claim: Claim, event: str, delivery_id: uuid.UUID) -> dict[str, Any]:
    body: dict[str, Any] = {
        "delivery_id": str(delivery_id),
        "event": event,
        "created_at": timezone.now().isoformat(),
        "claim_id": claim.pk,
        "claim_version": claim.version,
    }
    if event == WebhookEvent.WITHDRAWN:
        body["claim"] = {"id": claim.pk, "url": claim_api_url(claim.pk), "reason": _withdrawal_reason(claim)}
    else:
        body["claim"] = ClaimSerializer(claim).data
    # Round-trip through JSON so the stored payload is exactly what is sent.
    payload: dict[str, Any] = json.loads(json.dumps(body, default=str))
    return payload


def _is_current(claim: Claim, event: str) -> bool:
    # A queued event can arrive after a later change; never push data that is no longer published.
    if event == WebhookEvent.WITHDRAWN:
        return claim.review_state != ReviewState.PUBLISHED
    return claim.review_state == ReviewState.PUBLISHED


def webhook_fan_out(*, claim_id: int, event: str) -> list[WebhookDelivery]:
    """Create one delivery per subscribed endpoint for this claim version and queue it; safe to run twice."""
    if event not in WebhookEvent.values:
        raise PartnerError(f"Unknown event {event!r}.")
    claim = claims_for_api(Claim.objects.filter(pk=claim_id)).first()
    if claim is None or not _is_current(claim, event):
        return []
    # Paused subscriptions get their delivery row too: it waits, and goes out (in order) when the subscription is
    # resumed, so a partner never misses a verdict published or withdrawn while its endpoint was paused.
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(active=True, partner__is_active=True)
        if event in subscription.events
    ]
    queued: list[WebhookDelivery] = []
    with transaction.atomic():
        for subscription in subscriptions:
            delivery_id = uuid.uuid4()
            delivery, created = WebhookDelivery.objects.get_or_create(
                subscription=subscription,
                claim=claim,
                event=event,
                claim_version=claim.version,
                defaults={
                    "delivery_id": delivery_id,
                    "payload": webhook_payload(claim=claim, event=event, delivery_id=delivery_id),
                },
            )
            # An earlier fan-out that crashed before queueing left an untried row: queue it now.
            untried = created or (delivery.status == WebhookDelivery.Status.PENDING and delivery.attempts == 0)
            if untried and subscription.is_receiving:
                queued.append(delivery)
        for delivery in queued:
            _enqueue_delivery(delivery.delivery_id)
    return queued


def _enqueue_delivery(delivery_id: uuid.UUID) -> None:
    transaction.on_commit(partial(_send_delivery_task, delivery_id))


def _send_delivery_task(delivery_id: uuid.UUID) -> None:
    from partners import tasks

    try:
        tasks.deliver_webhook_task.delay(str(delivery_id))
    except Exception:  # the broker is down: the row stays pending and the delivery sweep sends it later
        logger.warning("delivery %s not queued (broker unavailable); the sweep will send it", delivery_id)


def deliveries_resend_lost(*, older_than: timedelta) -> list[uuid.UUID]:
    """Queue again the pending deliveries of receiving subscriptions whose message was lost, oldest first.

    A pending delivery is due at `next_attempt_at` (or at creation for an untried one); one still pending well
    after that lost its message (a broker outage, a worker killed mid-retry). Safe to run any time: an attempt on a
    delivery that already succeeded does nothing.
    """
    due_before = timezone.now() - older_than
    lost = (
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING,
            subscription__active=True,
            subscription__paused_at__isnull=True,
            subscription__partner__is_active=True,
        )
        .filter(Q(next_attempt_at__lt=due_before) | Q(next_attempt_at__isnull=True, created_at__lt=due_before))
        .order_by("created_at", "id")
        .values_list("delivery_id", flat=True)
    )
    resent = list(lost[:1000])
    for delivery_id in resent:
        _send_delivery_task(delivery_id)
    return resent


def delivery_body(delivery: WebhookDelivery) -> bytes:
    # Escaped like the API's JSON: partners paste the claim's ClaimReview into a <script> element.
    return json_for_embedding(delivery.payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def backoff_seconds(attempts: int) -> int:
    base: int = getattr(settings, "FACTCHECK_WEBHOOK_BACKOFF_BASE_SECONDS", 30)
    ceiling: int = getattr(settings, "FACTCHECK_WEBHOOK_BACKOFF_MAX_SECONDS", 6 * 3600)
    return int(min(ceiling, base * 2 ** max(0, attempts - 1)))


@dataclass(frozen=True, slots=True)
class AttemptOutcome:
    status: str  # succeeded / pending / failed / gone
    retry_in: int | None = None
    error: str = ""


def delivery_attempt(*, delivery_id: uuid.UUID | str) -> AttemptOutcome:
    """POST one delivery; record the outcome, pause a failing subscription, and say whether to retry."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(delivery_id=delivery_id).first()
    if delivery is None:
        return AttemptOutcome(status="gone")
    if delivery.status == WebhookDelivery.Status.SUCCEEDED:
        return AttemptOutcome(status=delivery.status)
    subscription = delivery.subscription
    if not subscription.is_receiving:
        # Held, not failed: resuming the subscription sends it.
        WebhookDelivery.objects.filter(pk=delivery.pk).exclude(status=WebhookDelivery.Status.SUCCEEDED).update(
            last_error="Waiting: the subscription is paused or inactive; resuming it sends this delivery.",
            next_attempt_at=None,
        )
        return AttemptOutcome(status=WebhookDelivery.Status.PENDING, error="subscription not receiving")
    # A retry can come hours after the fan-out: never push a verdict that has since been unpublished or withdrawn
    # (nor a withdrawal that a re-publication has overtaken); the later change has its own event.
    state = Claim.objects.filter(pk=delivery.claim_id).values_list("review_state", flat=True).first()
    if (state == ReviewState.PUBLISHED) == (delivery.event == WebhookEvent.WITHDRAWN):
        WebhookDelivery.objects.filter(pk=delivery.pk).exclude(status=WebhookDelivery.Status.SUCCEEDED).update(
            status=WebhookDelivery.Status.FAILED,
            last_error="Not sent: the verdict is no longer published (or was published again) since this event.",
            next_attempt_at=None,
        )
        return AttemptOutcome(status=WebhookDelivery.Status.FAILED, error="superseded by a later change")

    # A due retry and the sweep's resend (or a replay) can reach two worker processes at once: the row stays locked
    # while it is sent, so a second message for it meanwhile steps aside instead of sending it twice.
    with transaction.atomic():
        attempts_before = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(pk=delivery.pk, status=WebhookDelivery.Status.PENDING)
            .values_list("attempts", flat=True)
            .first()
        )
        if attempts_before is None:
            return AttemptOutcome(status="in flight", error="another attempt is sending it, or it was sent")
        outcome, pause_reason = _send_and_record(delivery, subscription, attempts_before)
    if pause_reason:
        subscription_pause(subscription_id=subscription.pk, reason=pause_reason)
    return outcome


def _send_and_record(
    delivery: WebhookDelivery, subscription: WebhookSubscription, attempts_before: int
) -> tuple[AttemptOutcome, str]:
    """POST the delivery and record the outcome; returns it with a reason to pause the subscription, if any."""
    body = delivery_body(delivery)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "factcheck-workbench-webhooks/1",
        "X-Delivery-Id": str(delivery.delivery_id),
        "X-Event": delivery.event,
        "X-Signature": signature_header(secret=subscription.secret, timestamp=timestamp, body=body),
    }
    status_code: int | None = None
    try:
        response = requests.post(
            subscription.url,
            data=body,
            headers=headers,
            timeout=getattr(settings, "FACTCHECK_WEBHOOK_TIMEOUT_SECONDS", 10),
            allow_redirects=False,
        )
        status_code = response.status_code
        error = "" if 200 <= status_code < 300 else f"HTTP {status_code}: {response.text[:500]}"
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
    now = timezone.now()

    if not error:
        with transaction.atomic():
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                status=WebhookDelivery.Status.SUCCEEDED,
                attempts=F("attempts") + 1,
                last_status_code=status_code,
                last_error="",
                delivered_at=now,
                next_attempt_at=None,
            )
            WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0)
        return AttemptOutcome(status=WebhookDelivery.Status.SUCCEEDED), ""

    max_attempts: int = getattr(settings, "FACTCHECK_WEBHOOK_MAX_ATTEMPTS", 8)
    pause_after: int = getattr(settings, "FACTCHECK_WEBHOOK_PAUSE_AFTER_FAILURES", 8)
    attempts = attempts_before + 1
    with transaction.atomic():
        WebhookSubscription.objects.filter(pk=subscription.pk).update(
            consecutive_failures=F("consecutive_failures") + 1
        )
        failures = WebhookSubscription.objects.values_list("consecutive_failures", flat=True).get(pk=subscription.pk)
        # Failures are counted per delivery: a burst of deliveries during a one-minute outage each fail once and
        # retry on their own backoff; only a delivery that exhausts its attempts gives up.
        give_up = attempts >= max_attempts
        retry_in = None if give_up else backoff_seconds(attempts)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.FAILED if give_up else WebhookDelivery.Status.PENDING,
            attempts=F("attempts") + 1,
            last_status_code=status_code,
            last_error=error,
            next_attempt_at=None if retry_in is None else now + timedelta(seconds=retry_in),
        )
    pause_reason = ""
    if give_up and failures >= pause_after:
        pause_reason = f"{failures} consecutive failed deliveries; last error: {error[:300]}"
    outcome = AttemptOutcome(
        status=WebhookDelivery.Status.FAILED if give_up else WebhookDelivery.Status.PENDING,
        retry_in=retry_in,
        error=error,
    )
    return outcome, pause_reason


@transaction.atomic
def delivery_replay(*, delivery_id: uuid.UUID | str) -> bool:
    """Send a failed delivery again with the same id and body; False when it is not failed."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(delivery_id=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.FAILED:
        return False
    if not delivery.subscription.is_receiving:
        raise PartnerError(f"Resume the subscription {delivery.subscription} before replaying its deliveries.")
    updated = WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.FAILED).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now(), last_error=""
    )
    if updated:
        _enqueue_delivery(delivery.delivery_id)
    return bool(updated)
