"""The notes panel and page, and the notifications page: who may see and change what, and what they show."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from newsroom import services
from newsroom.models import Note, Notification

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def notify(recipient: Any, claim: Any, key: str) -> Notification:
    notification = services.notification_create(
        recipient=recipient, kind=Notification.Kind.ASSIGNED, claim=claim, key=key, message=f"about {key}"
    )
    assert notification is not None
    return notification


@pytest.mark.parametrize(
    "name_args",
    [("newsroom:notifications", []), ("newsroom:claim_notes", ["claim"]), ("newsroom:mention_suggestions", [])],
)
def test_only_desk_users_reach_the_pages(name_args: Any, claim: Any, outsider: Any, rita: Any) -> None:
    name, args = name_args
    url = reverse(name, args=[claim.pk if a == "claim" else a for a in args])
    assert Client().get(url).status_code == 302  # to the login page
    assert client_for(outsider).get(url).status_code == 403
    assert client_for(rita).get(url).status_code == 200


def test_an_outsider_cannot_post_a_note(claim: Any, outsider: Any) -> None:
    response = client_for(outsider).post(reverse("newsroom:claim_notes", args=[claim.pk]), {"body": "hi"})
    assert response.status_code == 403 and not Note.objects.exists()


def test_a_person_sees_and_marks_only_their_own_notifications(claim: Any, rita: Any, otto: Any) -> None:
    mine, theirs = notify(rita, claim, "one"), notify(otto, claim, "two")
    rita_client = client_for(rita)
    page = rita_client.get(reverse("newsroom:notifications")).content.decode()
    assert "about one" in page and "about two" not in page
    assert rita_client.post(reverse("newsroom:read", args=[theirs.pk])).status_code == 404
    assert rita_client.post(reverse("newsroom:open", args=[theirs.pk])).status_code == 404
    rita_client.post(reverse("newsroom:read_all"))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_goes_to_the_claim(claim: Any, rita: Any) -> None:
    notification = notify(rita, claim, "open-me")
    response = client_for(rita).post(reverse("newsroom:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.pk}/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_the_bell_shows_the_unread_count(claim: Any, rita: Any) -> None:
    notify(rita, claim, "a")
    notify(rita, claim, "b")
    page = client_for(rita).get(reverse("claims:dashboard")).content.decode()
    assert 'aria-label="Notifications: 2 unread"' in page


def test_the_claim_page_links_to_its_notes_and_the_panel_lists_them_in_order(claim: Any, ed: Any, rita: Any) -> None:
    services.note_create(claim_id=claim.pk, author=ed, body="first")
    services.note_create(claim_id=claim.pk, author=rita, body="second")
    client = client_for(rita)
    review = client.get(reverse("claims:review", args=[claim.pk])).content.decode()
    notes_url = reverse("newsroom:claim_notes", args=[claim.pk])
    assert f'data-panel-src="{notes_url}"' in review and f'href="{notes_url}"' in review
    panel = client.get(notes_url, {"partial": "1"}).content.decode()
    assert "<html" not in panel and panel.index("first") < panel.index("second")
    assert panel.count(">Edit</a>") == 1  # only rita's own note


def test_a_note_is_escaped_and_only_web_addresses_become_links(claim: Any, ed: Any, rita: Any) -> None:
    body = '<script>alert(1)</script> see https://example.org/a?b=1&c=2 and javascript:alert(2) @rita "q"'
    response = client_for(ed).post(reverse("newsroom:claim_notes", args=[claim.pk]), {"body": body, "partial": "1"})
    assert response.status_code == 201
    html = response.content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow">' in html
    assert 'href="javascript' not in html
    assert '<span class="mention">@rita</span>' in html


def test_a_note_form_without_javascript_posts_and_returns_to_the_notes_page(claim: Any, ed: Any) -> None:
    url = reverse("newsroom:claim_notes", args=[claim.pk])
    response = client_for(ed).post(url, {"body": "plain post"})
    assert response.status_code == 302 and response["Location"] == url + "#notes"
    assert Note.objects.get().body == "plain post"


def test_an_empty_note_gets_a_specific_error(claim: Any, ed: Any) -> None:
    response = client_for(ed).post(reverse("newsroom:claim_notes", args=[claim.pk]), {"body": "  ", "partial": "1"})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    assert not Note.objects.exists()


def test_someone_else_cannot_edit_or_delete_a_note(claim: Any, ed: Any, mo: Any) -> None:
    note = services.note_create(claim_id=claim.pk, author=ed, body="mine")
    client = client_for(mo)
    assert client.get(reverse("newsroom:note_edit", args=[note.pk])).status_code == 403
    edit = client.post(reverse("newsroom:note_edit", args=[note.pk]), {"body": "x", "expected_version": 1})
    assert edit.status_code == 403
    assert client.post(reverse("newsroom:note_delete", args=[note.pk])).status_code == 403
    note.refresh_from_db()
    assert note.body == "mine" and note.deleted_at is None


def test_the_author_edits_and_deletes_through_the_pages(claim: Any, ed: Any) -> None:
    note = services.note_create(claim_id=claim.pk, author=ed, body="draft")
    client = client_for(ed)
    back = f"/claims/{claim.pk}/#notes"
    saved = client.post(
        reverse("newsroom:note_edit", args=[note.pk]), {"body": "final", "expected_version": 1, "next": back}
    )
    assert saved.status_code == 302 and saved["Location"] == back
    stale = client.post(reverse("newsroom:note_edit", args=[note.pk]), {"body": "old tab", "expected_version": 1})
    assert stale.status_code == 400 and "changed since you opened it" in stale.content.decode()
    offsite = client.post(reverse("newsroom:note_delete", args=[note.pk]), {"next": "https://evil.example/"})
    assert offsite["Location"] == reverse("newsroom:claim_notes", args=[claim.pk]) + "#notes"
    note.refresh_from_db()
    assert note.body == "final" and note.deleted_at is not None
    panel = client.get(reverse("newsroom:claim_notes", args=[claim.pk]), {"partial": "1"}).content.decode()
    assert "final" not in panel and "Deleted by its author" in panel


def test_mention_suggestions_list_desk_usernames_only(rita: Any, otto: Any, outsider: Any) -> None:
    response = client_for(rita).get(reverse("newsroom:mention_suggestions"), {"q": "o"})
    assert response.json() == {"usernames": ["otto"]}


def test_turning_email_off_is_remembered(rita: Any) -> None:
    client = client_for(rita)
    client.post(reverse("newsroom:preferences"), {})
    assert 'name="email_enabled"' in client.get(reverse("newsroom:notifications")).content.decode()
    from newsroom.selectors import wants_email

    assert wants_email(rita.pk) is False
    client.post(reverse("newsroom:preferences"), {"email_enabled": "on"})
    assert wants_email(rita.pk) is True


def test_the_admin_lists_notes_with_their_history_and_notifications(claim: Any, ed: Any, rita: Any) -> None:
    from tests.factories import UserFactory

    note = services.note_create(claim_id=claim.pk, author=ed, body="@rita first")
    services.note_edit(note_id=note.pk, editor=ed, body="@rita second")
    notify(rita, claim, "admin")
    admin = client_for(UserFactory(username="root", is_staff=True, is_superuser=True))
    for name in ("note", "notification", "notificationpreference"):
        assert admin.get(reverse(f"admin:newsroom_{name}_changelist")).status_code == 200
    page = admin.get(reverse("admin:newsroom_note_change", args=[note.pk])).content.decode()
    assert "@rita first" in page and "@rita second" in page


@pytest.mark.parametrize("count", [2, 40])
def test_the_notes_panel_costs_the_same_queries_however_many_notes(
    count: int, claim: Any, ed: Any, rita: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(count):
        services.note_create(claim_id=claim.pk, author=ed if i % 2 else rita, body=f"note {i} for @rita and @ed")
    client = client_for(rita)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("newsroom:claim_notes", args=[claim.pk]), {"partial": "1"})
    assert response.content.decode().count('class="desk-note') == count
