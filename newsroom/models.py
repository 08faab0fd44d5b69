"""Notes people write on a claim, and the notifications the desk's work sends them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from claims.models import Claim


class NoteQuerySet(models.QuerySet["Note"]):
    def live(self) -> NoteQuerySet:
        return self.filter(deleted_at__isnull=True)

    def for_claim(self, claim_id: int) -> NoteQuerySet:
        return self.filter(claim_id=claim_id).select_related("author").order_by("created_at", "id")


class Note(models.Model):
    """A colleague's plain-text remark on a claim; may @mention desk users by username.

    Edits keep the previous text as a NoteRevision; a delete only hides the note (its text and history stay).
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notes")
    body = models.TextField()
    mentioned = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in_notes")
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped by every edit")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = NoteQuerySet.as_manager()
    # Re-analysis keeps a claim someone wrote a note on (claims' touched_by_people), so notes are never lost.
    keeps_claim_on_reanalysis = True

    class Meta:
        ordering: ClassVar = ["claim", "created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["claim", "created_at"], name="note_claim_time_idx")]

    def __str__(self) -> str:
        return f"Note {self.pk} on claim {self.claim_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class NoteRevision(models.Model):
    """The text a note had before an edit or a delete. Append-only."""

    class Action(models.TextChoices):
        EDITED = "edited", "Edited"
        DELETED = "deleted", "Deleted"

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    action = models.CharField(max_length=10, choices=Action.choices)
    body = models.TextField(help_text="The text before this change")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["note", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} note {self.note_id}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_recipient(self, user_id: int) -> NotificationQuerySet:
        return self.filter(recipient_id=user_id)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a person should know about a claim. `key` makes each cause notify each person once."""

    class Kind(models.TextChoices):
        MENTION = "mention", "Mentioned in a note"
        ASSIGNED = "assigned", "Claim assigned to you"
        VERDICT_OVERRIDDEN = "verdict_overridden", "Your verdict was changed"
        EVIDENCE_CONTRADICTED = "evidence_contradicted", "Evidence you accepted was contradicted"

    class Email(models.TextChoices):
        NOT_WANTED = "", "Not e-mailed"
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent (no address or turned off)"
        FAILED = "failed", "Failed"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.ForeignKey(Note, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications")
    message = models.CharField(max_length=500)
    key = models.CharField(max_length=200, help_text="The cause: one notification per recipient and cause")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=10, choices=Email.choices, blank=True, default=Email.NOT_WANTED)
    email_lease_until = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_cause"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id}"


class NotificationPreference(models.Model):
    """A person's choices about notifications; a missing row means the defaults."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_pref")
    email_enabled = models.BooleanField(default=True, help_text="Also send notifications by e-mail")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Notification preferences of {self.user_id}"
