"""Notifications come from outbox events through the real relay (tasks run in-process); e-mail goes once."""

from __future__ import annotations

import socket
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from claims import services as claim_services
from claims.events import EVIDENCE_ADDED
from claims.models import Evidence
from newsroom import services
from newsroom.models import Notification
from newsroom.receivers import note_mentions_notify_task
from newsroom.tasks import notification_email_task, notification_emails_sweep_task
from outbox.models import OutboxEvent
from outbox.services import event_record
from tests.factories import EvidenceFactory, PassageFactory, SourceFactory

pytestmark = pytest.mark.django_db


def kinds(user: Any) -> list[tuple[str, int]]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", "claim_id"))


def test_a_mention_notifies_the_mentioned_person_once_after_commit(
    claim: Any, ed: Any, rita: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        note = services.note_create(claim_id=claim.pk, author=ed, body="@rita @ed is 14 right?")
    assert kinds(rita) == [("mention", claim.pk)]
    assert kinds(ed) == []  # mentioning yourself tells nobody
    notification = Notification.objects.get(recipient=rita)
    assert notification.actor == ed and notification.note == note and "ed mentioned you" in notification.message
    assert OutboxEvent.objects.get(topic="note.saved").dispatched_at is not None

    # The relay delivers at least once: the same event again changes nothing.
    note_mentions_notify_task.apply(kwargs={"note_id": note.pk})
    assert Notification.objects.count() == 1


def test_an_edit_notifies_only_people_newly_mentioned(
    claim: Any, ed: Any, rita: Any, otto: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        note = services.note_create(claim_id=claim.pk, author=ed, body="@rita look")
    with django_capture_on_commit_callbacks(execute=True):
        services.note_edit(note_id=note.pk, editor=ed, body="@rita and @otto look")
    assert len(kinds(rita)) == 1 and kinds(otto) == [("mention", claim.pk)]


def test_a_rolled_back_note_notifies_nobody(
    claim: Any, ed: Any, rita: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.NoteError):
        services.note_create(claim_id=claim.pk, author=ed, body="")
    assert not Notification.objects.exists() and not OutboxEvent.objects.exists()


def test_assigning_a_claim_notifies_the_assignee_but_not_someone_taking_it_themselves(
    claim: Any, ed: Any, rita: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        claim_services.claims_assign(claim_ids=[claim.pk], assignee=rita, actor=ed)
    assert kinds(rita) == [("assigned", claim.pk)]
    assert "ed assigned claim" in Notification.objects.get(recipient=rita).message
    with django_capture_on_commit_callbacks(execute=True):
        claim_services.claims_assign(claim_ids=[claim.pk], assignee=mo, actor=mo)
    assert kinds(mo) == []


def test_another_reviewers_verdict_notifies_the_reviewer_it_replaced(
    claim: Any, rita: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_services.claim_set_verdict(
            claim_id=claim.pk, verdict="supported", rationale="Police confirm.", reviewer=rita, expected_version=1
        )
        # Changing your own verdict tells nobody.
        claim = claim_services.claim_set_verdict(
            claim_id=claim.pk, verdict="supported", rationale="Police confirm 14.", reviewer=rita, expected_version=2
        )
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        claim_services.claim_set_verdict(
            claim_id=claim.pk, verdict="disputed", rationale="Hospital says 19.", reviewer=mo, expected_version=3
        )
    assert kinds(rita) == [("verdict_overridden", claim.pk)]
    message = Notification.objects.get(recipient=rita).message
    assert message.startswith("mo changed your verdict on claim") and "from supported to disputed" in message


def test_new_contradicting_evidence_notifies_whoever_accepted_supporting_evidence(
    claim: Any, rita: Any, otto: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    support = EvidenceFactory(claim=claim, stance=Evidence.Stance.SUPPORTS)
    claim_services.evidence_decide(evidence_id=support.pk, accept=True, actor=rita)
    # A contradiction by a person (mo) tells rita; a supporting addition tells nobody.
    with django_capture_on_commit_callbacks(execute=True):
        claim_services.evidence_add_external(
            claim_id=claim.pk, url="https://news.example/a", excerpt="Twelve died.", stance="supports", actor=otto
        )
        claim_services.evidence_add_external(
            claim_id=claim.pk, url="https://news.example/b", excerpt="Nobody died.", stance="contradicts", actor=mo
        )
    assert kinds(rita) == [("evidence_contradicted", claim.pk)]
    # otto's own supporting source counts as accepted by him before the contradiction; mo added the clash himself.
    assert kinds(otto) == [("evidence_contradicted", claim.pk)] and kinds(mo) == []
    assert "https://news.example/b" in Notification.objects.get(recipient=rita).message


def test_a_refreshed_system_suggestion_from_the_same_passage_notifies_once(
    claim: Any, rita: Any, django_capture_on_commit_callbacks: Any
) -> None:
    support = EvidenceFactory(claim=claim, stance=Evidence.Stance.SUPPORTS)
    claim_services.evidence_decide(evidence_id=support.pk, accept=True, actor=rita)
    passage = PassageFactory(article__source=SourceFactory(name="Harbour Times", domain="harbour.example"))
    for _ in range(2):  # the pipeline replaces open suggestions on every refresh
        Evidence.objects.filter(passage=passage).delete()
        clash = EvidenceFactory(claim=claim, passage=passage, stance=Evidence.Stance.CONTRADICTS)
        with django_capture_on_commit_callbacks(execute=True):
            event_record(topic=EVIDENCE_ADDED, payload={"evidence_ids": [clash.pk]})
    assert kinds(rita) == [("evidence_contradicted", claim.pk)]
    assert "A new suggestion contradicts" in Notification.objects.get(recipient=rita).message
    assert "Harbour Times" in Notification.objects.get(recipient=rita).message


# E-mail -------------------------------------------------------------------------------------------------------------


def test_a_notification_is_emailed_once_even_when_its_task_runs_again(
    claim: Any, ed: Any, rita: Any, mail_on: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.note_create(claim_id=claim.pk, author=ed, body="@rita please check")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rita@desk.example"] and "Mentioned in a note" in message.subject
    assert f"/claims/{claim.pk}/#notes" in message.body and "ed mentioned you" in message.body
    assert "> @rita please check\n" in message.body
    notification = Notification.objects.get(recipient=rita)
    assert notification_email_task.apply(args=[notification.pk]).get() == "already"
    notification_emails_sweep_task.apply()
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_status == "sent" and notification.emailed_at is not None


def test_no_email_when_the_person_turned_it_off_or_has_no_address(
    claim: Any, ed: Any, rita: Any, otto: Any, mail_on: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.notification_preference_set(user=rita, email_enabled=False)
    otto.email = ""
    otto.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.note_create(claim_id=claim.pk, author=ed, body="@rita @otto FYI")
    assert mail.outbox == []
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"skipped"}
    assert Notification.objects.count() == 2  # in-app notifications still arrive


def test_no_email_is_even_queued_when_notification_email_is_off(
    claim: Any, ed: Any, rita: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FACTCHECK_NOTIFICATION_EMAIL = False
    with django_capture_on_commit_callbacks(execute=True):
        services.note_create(claim_id=claim.pk, author=ed, body="@rita FYI")
    assert Notification.objects.get().email_status == ""
    assert not OutboxEvent.objects.filter(topic="notification.email_due").exists()


def test_a_mail_server_outage_leaves_the_email_pending_and_a_later_run_sends_it(
    claim: Any, ed: Any, rita: Any, mail_on: Any, django_capture_on_commit_callbacks: Any
) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens here: a real refused SMTP connection
    mail_on.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    mail_on.EMAIL_HOST, mail_on.EMAIL_PORT, mail_on.EMAIL_USE_TLS, mail_on.EMAIL_TIMEOUT = "127.0.0.1", port, False, 2
    with django_capture_on_commit_callbacks(execute=True):
        services.note_create(claim_id=claim.pk, author=ed, body="@rita urgent")
    notification = Notification.objects.get(recipient=rita)
    assert notification.email_status == "pending" and notification.email_attempts == 1
    assert "ConnectionRefusedError" in notification.email_error

    mail_on.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    assert notification_emails_sweep_task.apply().get() == 1
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_status == "sent" and notification.email_attempts == 2 and notification.email_error == ""
    assert services.notification_email_send(notification_id=notification.pk) == "already"
    assert len(mail.outbox) == 1


def test_a_verdict_applied_to_a_whole_group_notifies_the_replaced_reviewer_once(claim: Any, rita: Any, mo: Any) -> None:
    from claims.models import ReviewEvent
    from tests.factories import ClaimFactory

    member = ClaimFactory(article=claim.article, start=0, end=10)
    # One verdict on `claim`, applied by the group to `member`: two history rows, one decision.
    own = ReviewEvent.objects.create(
        claim=claim, actor=mo, action="verdict_set", from_verdict="supported", to_verdict="disputed", claim_version=3
    )
    applied = ReviewEvent.objects.create(
        claim=member,
        actor=mo,
        action="verdict_set",
        from_verdict="supported",
        to_verdict="disputed",
        claim_version=3,
        details={"group_id": 1, "via_claim_id": claim.pk},
    )
    for event in (own, applied):
        services.notifications_for_verdict(review_event_id=event.pk, previous_reviewer_id=rita.pk)
    assert kinds(rita) == [("verdict_overridden", claim.pk)]
