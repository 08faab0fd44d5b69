"""Notes on a claim: mentions, who may change them, and the history an edit or a delete leaves."""

from __future__ import annotations

from typing import Any

import pytest

from newsroom import services
from newsroom.mentions import mentioned_usernames
from newsroom.models import Note, NoteRevision

pytestmark = pytest.mark.django_db


def test_it_reads_mentions_but_not_email_addresses_urls_or_a_trailing_full_stop() -> None:
    text = "@rita and @Otto: see ana@example.org, https://social.example/@mo and (@ed). Thanks @rita, @o.k."
    assert mentioned_usernames(text) == ["rita", "Otto", "ed", "o.k"]


def test_a_note_remembers_the_desk_users_it_mentions_and_ignores_others(
    claim: Any, ed: Any, rita: Any, outsider: Any
) -> None:
    note = services.note_create(claim_id=claim.pk, author=ed, body="@RITA can you check this? cc @nobody @ghost")
    assert list(note.mentioned.values_list("username", flat=True)) == ["rita"]
    assert note.body == "@RITA can you check this? cc @nobody @ghost"


@pytest.mark.parametrize(("body", "message"), [("   \n ", "cannot be empty"), ("x" * 5001, "at most 5,000 characters")])
def test_an_empty_or_oversized_note_is_refused_and_nothing_is_stored(
    claim: Any, ed: Any, body: str, message: str
) -> None:
    with pytest.raises(services.NoteError, match=message):
        services.note_create(claim_id=claim.pk, author=ed, body=body)
    assert not Note.objects.exists()


def test_a_note_on_a_missing_claim_is_refused(ed: Any) -> None:
    with pytest.raises(services.NoteError, match="Claim 999999 does not exist"):
        services.note_create(claim_id=999999, author=ed, body="hello")


def test_only_the_author_can_edit_or_delete_a_note(claim: Any, ed: Any, mo: Any) -> None:
    note = services.note_create(claim_id=claim.pk, author=ed, body="first thought")
    with pytest.raises(services.NoteError, match="Only the author"):
        services.note_edit(note_id=note.pk, editor=mo, body="rewritten by a moderator")
    with pytest.raises(services.NoteError, match="Only the author"):
        services.note_delete(note_id=note.pk, actor=mo)
    note.refresh_from_db()
    assert note.body == "first thought" and note.deleted_at is None and not note.revisions.exists()


def test_an_edit_keeps_the_previous_text_and_updates_the_mentions(claim: Any, ed: Any, rita: Any, otto: Any) -> None:
    note = services.note_create(claim_id=claim.pk, author=ed, body="@rita have a look")
    edited = services.note_edit(note_id=note.pk, editor=ed, body="@otto have a look", expected_version=1)
    assert edited.body == "@otto have a look" and edited.version == 2 and edited.edited_at is not None
    assert list(edited.mentioned.values_list("username", flat=True)) == ["otto"]
    assert list(note.revisions.values_list("action", "body")) == [("edited", "@rita have a look")]


def test_a_stale_edit_is_refused_without_writing(claim: Any, ed: Any) -> None:
    note = services.note_create(claim_id=claim.pk, author=ed, body="v1")
    services.note_edit(note_id=note.pk, editor=ed, body="v2", expected_version=1)
    with pytest.raises(services.StaleNoteError):
        services.note_edit(note_id=note.pk, editor=ed, body="v2 from an old tab", expected_version=1)
    note.refresh_from_db()
    assert note.body == "v2" and note.revisions.count() == 1


def test_a_delete_hides_the_note_keeps_its_text_and_can_be_repeated(claim: Any, ed: Any) -> None:
    note = services.note_create(claim_id=claim.pk, author=ed, body="wrong claim, sorry")
    services.note_delete(note_id=note.pk, actor=ed)
    services.note_delete(note_id=note.pk, actor=ed)
    note.refresh_from_db()
    assert note.deleted_at is not None and note.body == "wrong claim, sorry"
    assert list(NoteRevision.objects.values_list("action", "body")) == [("deleted", "wrong claim, sorry")]
    with pytest.raises(services.NoteError, match="deleted"):
        services.note_edit(note_id=note.pk, editor=ed, body="undelete?")


def test_a_claim_with_a_note_counts_as_worked_on_so_reanalysis_keeps_it(claim: Any, ed: Any) -> None:
    from claims.models import Claim

    assert not Claim.objects.filter(pk=claim.pk).touched_by_people().exists()
    note = services.note_create(claim_id=claim.pk, author=ed, body="keep me")
    services.note_delete(note_id=note.pk, actor=ed)  # even a deleted note's history is kept
    assert list(Claim.objects.filter(pk=claim.pk).touched_by_people()) == [claim]
