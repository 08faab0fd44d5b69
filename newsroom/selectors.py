"""Reads for notes and notifications used by more than one page, task or service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from newsroom.models import Note, Notification, NotificationPreference

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def desk_users() -> QuerySet[Any]:
    """Active people who can open the desk (the claims view permission, via a group, directly, or as superuser)."""
    holds = (
        Q(groups__permissions__codename="view_claim", groups__permissions__content_type__app_label="claims")
        | Q(user_permissions__codename="view_claim", user_permissions__content_type__app_label="claims")
        | Q(is_superuser=True)
    )
    user_model = get_user_model()
    return user_model.objects.filter(pk__in=user_model.objects.filter(holds).values("pk"), is_active=True)


def desk_users_named(usernames: list[str]) -> list[User]:
    """The desk users among `usernames` (case-insensitive), in the order given; unknown names are left out."""
    if not usernames:
        return []
    wanted = Q()
    for name in usernames:
        wanted |= Q(username__iexact=name)
    found = {user.username.lower(): user for user in desk_users().filter(wanted)}
    return [found[name.lower()] for name in usernames if name.lower() in found]


def mention_candidates(prefix: str, *, limit: int = 8) -> list[str]:
    """Desk usernames starting with `prefix`, for the note form's autocomplete."""
    return list(
        desk_users()
        .filter(username__istartswith=prefix)
        .order_by("username")
        .values_list("username", flat=True)[:limit]
    )


def claim_notes(claim_id: int) -> QuerySet[Note]:
    """A claim's notes in the order they were written, deleted ones included (shown as deleted)."""
    return Note.objects.for_claim(claim_id).prefetch_related("mentioned")


def inbox(user_id: int) -> QuerySet[Notification]:
    return Notification.objects.for_recipient(user_id).select_related("actor", "claim").order_by("-created_at", "-id")


def unread_count(user_id: int) -> int:
    return Notification.objects.for_recipient(user_id).unread().count()


def wants_email(user_id: int) -> bool:
    pref = NotificationPreference.objects.filter(user_id=user_id).values_list("email_enabled", flat=True).first()
    return True if pref is None else bool(pref)
