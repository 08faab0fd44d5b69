"""Writes for notes and notifications. Views, receivers, tasks and the admin all call these."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.models import Claim, Evidence, ReviewEvent
from newsroom.events import NOTE_SAVED, NOTIFICATION_EMAIL_DUE
from newsroom.mentions import mentioned_usernames
from newsroom.models import Note, NoteRevision, Notification, NotificationPreference
from newsroom.selectors import desk_users, desk_users_named, wants_email
from outbox.services import event_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NOTE_MAX_CHARS = 5000
# How long one e-mail attempt may hold a notification before another attempt may take it over.
EMAIL_LEASE = timedelta(minutes=5)
EMAIL_MAX_ATTEMPTS = 8


class NoteError(ValueError):
    """A note change that cannot be made as asked; the message says why."""


class StaleNoteError(NoteError):
    """The note was changed (in another tab) since the form was loaded; nothing was written."""


def _clean_body(body: str) -> str:
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise NoteError("Write something: a note cannot be empty.")
    if len(body) > NOTE_MAX_CHARS:
        raise NoteError(f"A note holds at most {NOTE_MAX_CHARS:,} characters; this one has {len(body):,}.")
    return body


def _set_mentions(note: Note) -> None:
    note.mentioned.set(desk_users_named(mentioned_usernames(note.body)))


@transaction.atomic
def note_create(*, claim_id: int, author: User, body: str) -> Note:
    """Add a note to a claim; people it @mentions are notified (through the outbox, after commit)."""
    body = _clean_body(body)
    if not Claim.objects.filter(pk=claim_id).exists():
        raise NoteError(f"Claim {claim_id} does not exist.")
    note = Note.objects.create(claim_id=claim_id, author=author, body=body)
    _set_mentions(note)
    event_record(topic=NOTE_SAVED, payload={"note_id": note.pk})
    return note


def _authors_note(note_id: int, actor: User, expected_version: int | None) -> Note:
    note = Note.objects.select_for_update().filter(pk=note_id).first()
    if note is None:
        raise NoteError(f"Note {note_id} does not exist.")
    if note.author_id != actor.pk:
        raise NoteError("Only the author of a note can change or delete it.")
    if note.deleted_at is not None:
        raise NoteError("This note was deleted.")
    if expected_version is not None and note.version != expected_version:
        raise StaleNoteError("The note was changed since you opened it (another tab?); reload to see the new text.")
    return note


@transaction.atomic
def note_edit(*, note_id: int, editor: User, body: str, expected_version: int | None = None) -> Note:
    """Change a note's text (author only); the old text is kept as a revision, new mentions are notified."""
    body = _clean_body(body)
    note = _authors_note(note_id, editor, expected_version)
    if note.body == body:
        return note
    NoteRevision.objects.create(note=note, action=NoteRevision.Action.EDITED, body=note.body, actor=editor)
    Note.objects.filter(pk=note.pk).update(body=body, edited_at=timezone.now(), version=F("version") + 1)
    note.refresh_from_db()
    _set_mentions(note)
    event_record(topic=NOTE_SAVED, payload={"note_id": note.pk})
    return note


@transaction.atomic
def note_delete(*, note_id: int, actor: User, expected_version: int | None = None) -> Note:
    """Hide a note (author only); its text stays on record as a revision. Deleting twice changes nothing."""
    existing = Note.objects.filter(pk=note_id).values_list("author_id", "deleted_at").first()
    if existing is not None and existing[0] == actor.pk and existing[1] is not None:
        return Note.objects.get(pk=note_id)
    note = _authors_note(note_id, actor, expected_version)
    NoteRevision.objects.create(note=note, action=NoteRevision.Action.DELETED, body=note.body, actor=actor)
    Note.objects.filter(pk=note.pk).update(deleted_at=timezone.now(), version=F("version") + 1)
    note.refresh_from_db()
    return note


# Notifications -------------------------------------------------------------------------------------------------------


def _claim_label(claim: Claim) -> str:
    text = " ".join(claim.text.split())
    return f"claim {claim.pk} (“{text[:70]}{'…' if len(text) > 70 else ''}”)"


def _name(user: User | None) -> str:
    return user.get_username() if user is not None else "Someone"


@transaction.atomic
def notification_create(
    *,
    recipient: User,
    kind: str,
    claim: Claim,
    key: str,
    message: str,
    actor: User | None = None,
    note: Note | None = None,
) -> Notification | None:
    """Notify `recipient` once per `key`; returns None when this cause already notified them (a re-delivered event).

    When notification e-mail is on, the e-mail is recorded as due in the same transaction and sent by a task.
    """
    if Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    email = Notification.Email.PENDING if settings.FACTCHECK_NOTIFICATION_EMAIL else Notification.Email.NOT_WANTED
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                claim=claim,
                key=key,
                message=message[:500],
                actor=actor,
                note=note,
                email_status=email,
            )
    except IntegrityError:  # a concurrent delivery of the same event got there first
        return None
    if email == Notification.Email.PENDING:
        event_record(topic=NOTIFICATION_EMAIL_DUE, payload={"notification_id": notification.pk})
    return notification


def _is_desk_user(user_id: int | None) -> bool:
    return user_id is not None and desk_users().filter(pk=user_id).exists()


def notifications_for_note(*, note_id: int) -> list[Notification]:
    """Notify each desk user a live note mentions (not its author); a mention already notified is not repeated."""
    note = Note.objects.select_related("claim", "author").filter(pk=note_id).first()
    if note is None or note.deleted_at is not None:
        return []
    created = []
    for user in note.mentioned.exclude(pk=note.author_id).order_by("pk"):
        if not _is_desk_user(user.pk):
            continue
        notification = notification_create(
            recipient=user,
            kind=Notification.Kind.MENTION,
            claim=note.claim,
            key=f"mention:{note.pk}",
            message=f"{_name(note.author)} mentioned you in a note on {_claim_label(note.claim)}.",
            actor=note.author,
            note=note,
        )
        if notification is not None:
            created.append(notification)
    return created


def notifications_for_assignment(*, review_event_id: int) -> list[Notification]:
    """Tell the new assignee (unless they assigned it to themselves)."""
    event = ReviewEvent.objects.select_related("claim", "actor").filter(pk=review_event_id).first()
    if event is None or event.action != ReviewEvent.Action.ASSIGNED:
        return []
    assignee_id = event.details.get("to_user_id")
    if assignee_id is None or assignee_id == event.actor_id or not _is_desk_user(assignee_id):
        return []
    notification = notification_create(
        recipient=desk_users().get(pk=assignee_id),
        kind=Notification.Kind.ASSIGNED,
        claim=event.claim,
        key=f"assigned:{event.pk}",
        message=f"{_name(event.actor)} assigned {_claim_label(event.claim)} to you.",
        actor=event.actor,
    )
    return [notification] if notification is not None else []


def _verdict_cause(event: ReviewEvent) -> ReviewEvent:
    """The verdict change a person made: for a group member that received it, the one on the claim they reviewed.

    A verdict set on one claim of a group is applied to every member, one event each; the recipient hears once.
    """
    via = event.details.get("via_claim_id") if isinstance(event.details, dict) else None
    if via is None:
        return event
    source = (
        ReviewEvent.objects.filter(
            claim_id=via,
            actor_id=event.actor_id,
            action__in=[ReviewEvent.Action.VERDICT_SET, ReviewEvent.Action.CORRECTED],
            pk__lt=event.pk,
        )
        .order_by("-pk")
        .first()
    )
    return source or event


def notifications_for_verdict(*, review_event_id: int, previous_reviewer_id: int | None) -> list[Notification]:
    """Tell the reviewer whose verdict someone else replaced."""
    event = ReviewEvent.objects.select_related("claim", "actor").filter(pk=review_event_id).first()
    if event is None or previous_reviewer_id is None or previous_reviewer_id == event.actor_id:
        return []
    if not _is_desk_user(previous_reviewer_id):
        return []
    if event.from_verdict and event.from_verdict != event.to_verdict:
        change = f"changed your verdict on {_claim_label(event.claim)} from {event.from_verdict} to {event.to_verdict}"
    else:
        change = f"rewrote the rationale of your {event.to_verdict} verdict on {_claim_label(event.claim)}"
    notification = notification_create(
        recipient=desk_users().get(pk=previous_reviewer_id),
        kind=Notification.Kind.VERDICT_OVERRIDDEN,
        claim=event.claim,
        key=f"verdict:{_verdict_cause(event).pk}",
        message=f"{_name(event.actor)} {change}.",
        actor=event.actor,
    )
    return [notification] if notification is not None else []


def notifications_for_evidence(*, evidence_ids: list[int]) -> list[Notification]:
    """For each new contradicting row, tell whoever accepted supporting evidence for that claim before it came."""
    created = []
    contradictions = (
        Evidence.objects.filter(pk__in=evidence_ids, stance=Evidence.Stance.CONTRADICTS)
        .select_related("claim", "created_by", "passage__article__source")
        .order_by("pk")
    )
    for contradiction in contradictions:
        accepted = Evidence.objects.filter(
            claim_id=contradiction.claim_id,
            stance=Evidence.Stance.SUPPORTS,
            state=Evidence.State.ACCEPTED,
            decided_by__isnull=False,
            decided_at__lt=contradiction.created_at,
        ).exclude(decided_by_id=contradiction.created_by_id)
        recipient_ids = sorted(set(accepted.values_list("decided_by_id", flat=True)))
        # A suggestion refresh replaces suggested rows with new ones: the passage, not the row, is the cause.
        if contradiction.passage is not None:
            source, where = f"passage:{contradiction.passage_id}", contradiction.passage.article.source.name
        else:
            source, where = f"url:{contradiction.external_url}", contradiction.external_url
        who = _name(contradiction.created_by) if contradiction.created_by_id else "A new suggestion"
        for recipient in desk_users().filter(pk__in=recipient_ids).order_by("pk"):
            notification = notification_create(
                recipient=recipient,
                kind=Notification.Kind.EVIDENCE_CONTRADICTED,
                claim=contradiction.claim,
                key=f"contradicted:{contradiction.claim_id}:{source}"[:200],
                message=(
                    f"{who} contradicts supporting evidence you accepted for {_claim_label(contradiction.claim)}: "
                    f"{where[:120]}."
                ),
                actor=contradiction.created_by,
            )
            if notification is not None:
                created.append(notification)
    return created


def notification_mark_read(*, notification_id: int, user: User) -> bool:
    """Mark one of the user's own notifications read; returns whether it was unread."""
    return (
        Notification.objects.filter(pk=notification_id, recipient=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        == 1
    )


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_preference_set(*, user: User, email_enabled: bool) -> NotificationPreference:
    pref, _ = NotificationPreference.objects.update_or_create(user=user, defaults={"email_enabled": email_enabled})
    return pref


# E-mail ---------------------------------------------------------------------------------------------------------------


class EmailNotSentError(RuntimeError):
    """The mail server did not take the message; the task retries later."""


def _email_takeable(now: object) -> Q:
    return Q(email_status=Notification.Email.PENDING) | Q(
        email_status=Notification.Email.SENDING, email_lease_until__lt=now
    )


def notification_email_send(*, notification_id: int) -> str:
    """E-mail one notification at most once; returns what happened (sent, skipped, already, busy, gone).

    The row is taken with a compare-and-swap lease, so a task that runs twice, or two at once, sends one message.
    A failure puts the row back to pending and raises EmailNotSentError for the task to retry.
    """
    now = timezone.now()
    taken = Notification.objects.filter(_email_takeable(now), pk=notification_id).update(
        email_status=Notification.Email.SENDING,
        email_lease_until=now + EMAIL_LEASE,
        email_attempts=F("email_attempts") + 1,
    )
    if taken != 1:
        status = Notification.objects.filter(pk=notification_id).values_list("email_status", flat=True).first()
        if status is None:
            return "gone"
        return "busy" if status == Notification.Email.SENDING else "already"
    notification = Notification.objects.select_related("recipient", "claim", "note").get(pk=notification_id)
    recipient = notification.recipient
    if not recipient.email or not recipient.is_active or not wants_email(recipient.pk):
        Notification.objects.filter(pk=notification_id).update(
            email_status=Notification.Email.SKIPPED, email_lease_until=None
        )
        return "skipped"
    anchor = "#notes" if notification.kind == Notification.Kind.MENTION else ""
    link = f"{settings.FACTCHECK_SITE_URL.rstrip('/')}{notification.claim.get_absolute_url()}{anchor}"
    try:
        send_mail(
            subject=f"[Fact-check desk] {notification.get_kind_display()}: claim {notification.claim_id}",
            message=(
                f"{notification.message}\n\n{_quoted_note(notification.note)}Open the claim: {link}\n\n"
                "You receive this because notification e-mail is on; turn it off on your notifications page."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient.email],
            fail_silently=False,
        )
    except Exception as exc:
        gave_up = notification.email_attempts >= EMAIL_MAX_ATTEMPTS
        Notification.objects.filter(pk=notification_id, email_status=Notification.Email.SENDING).update(
            email_status=Notification.Email.FAILED if gave_up else Notification.Email.PENDING,
            email_lease_until=None,
            email_error=f"{type(exc).__name__}: {exc}"[:1000],
        )
        raise EmailNotSentError(str(exc)) from exc
    Notification.objects.filter(pk=notification_id).update(
        email_status=Notification.Email.SENT, emailed_at=timezone.now(), email_lease_until=None, email_error=""
    )
    return "sent"


def _quoted_note(note: Note | None) -> str:
    if note is None or note.deleted_at is not None:
        return ""
    return "".join(f"> {line}\n" for line in note.body.splitlines()) + "\n"


def notification_emails_due(*, older_than: timedelta, limit: int = 200) -> list[int]:
    """Notifications whose e-mail should have gone by now (a lost task message, a retry that ran out)."""
    cutoff = timezone.now() - older_than
    return list(
        Notification.objects.filter(_email_takeable(timezone.now()), created_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
