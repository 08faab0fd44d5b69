"""One row per consequence of a write, stored in the write's own transaction."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class OutboxEventQuerySet(models.QuerySet["OutboxEvent"]):
    def undispatched(self) -> OutboxEventQuerySet:
        return self.filter(dispatched_at__isnull=True)


class OutboxEvent(models.Model):
    """A consequence to carry out (analyse an article, announce a verdict): its topic and the ids it concerns.

    The relay hands it to every task subscribed to its topic and sets `dispatched_at`. `lease_until` marks a
    relay at work on it: a relay that dies mid-dispatch leaves the lease to run out, and the sweep sends it again.
    """

    topic = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = OutboxEventQuerySet.as_manager()

    class Meta:
        ordering = ("id",)
        indexes = (
            models.Index(fields=("id",), condition=Q(dispatched_at__isnull=True), name="outbox_undispatched_idx"),
            models.Index(fields=("topic", "created_at"), name="outbox_topic_created_idx"),
        )

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"
