from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from claims.events import VERDICT_CORRECTED, VERDICT_PUBLISHED, VERDICT_WITHDRAWN


class Scope(models.TextChoices):
    VERDICTS_READ = "verdicts:read", "Read published verdicts, articles and outlets"
    ARTICLES_SUBMIT = "articles:submit", "Submit articles for analysis"


class WebhookEvent(models.TextChoices):
    # The names are the claims app's outbox topics, written once there.
    PUBLISHED = VERDICT_PUBLISHED, "Verdict published"
    CORRECTED = VERDICT_CORRECTED, "Verdict corrected"
    WITHDRAWN = VERDICT_WITHDRAWN, "Verdict withdrawn"


class Partner(models.Model):
    """An outlet or organisation that consumes the desk's verdicts through the API."""

    name = models.CharField(max_length=200, unique=True)
    contact_email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True, help_text="Inactive partners' keys stop working at once")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    def usable(self) -> ApiKeyQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, partner__is_active=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ApiKey(models.Model):
    """A partner's credential. Only the SHA-256 of the key is stored; the key itself is shown once."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="api_keys")
    label = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=16, unique=True, help_text="Public part of the key, used to find it")
    hashed_key = models.CharField(max_length=64, help_text="SHA-256 (hex) of the whole key")
    scopes = models.JSONField(default=list, help_text="Granted scopes, e.g. verdicts:read, articles:submit")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["partner", "-created_at"]
        verbose_name = "API key"
        permissions: ClassVar = [("revoke_apikey", "Can revoke partner API keys")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.partner})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class ApiRequestLog(models.Model):
    """One authenticated partner request: who, what, when. The key itself is never stored."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="request_logs")
    key_prefix = models.CharField(max_length=16)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    status_code = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = "API request"
        indexes: ClassVar = [models.Index(fields=["partner", "-created_at"], name="apirequest_partner_idx")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status_code}"


class ArticleSubmission(models.Model):
    """Which partner submitted an article through the API, so it can follow the article's status."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="submissions")
    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="partner_submission")
    key_prefix = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"Article {self.article_id} from {self.partner}"


class WebhookSubscription(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="subscriptions")
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list, help_text="Event types to deliver, e.g. verdict.published")
    # Kept in clear: signing needs it. Shown to the partner once, at creation.
    secret = models.CharField(max_length=128)
    active = models.BooleanField(default=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.TextField(blank=True)
    moderators_notified_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["partner", "url"]
        permissions: ClassVar = [("pause_webhooksubscription", "Can pause and resume webhook subscriptions")]

    def __str__(self) -> str:
        return f"{self.partner}: {self.url}"

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def is_receiving(self) -> bool:
        return self.active and self.paused_at is None


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="webhook_deliveries")
    claim_version = models.PositiveIntegerField(help_text="The claim's version the event describes")
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        permissions: ClassVar = [("replay_webhookdelivery", "Can replay webhook deliveries")]
        constraints: ClassVar = [
            # A retried fan-out finds the row it made before instead of sending the event twice.
            models.UniqueConstraint(
                fields=["subscription", "claim", "event", "claim_version"], name="webhook_delivery_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} for claim {self.claim_id} → {self.subscription.url}"
