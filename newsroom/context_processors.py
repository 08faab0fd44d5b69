"""What every page may show from the newsroom: the header's unread count, and the claim page's notes panel.

Both are lazy: nothing is queried unless a template prints them. The claim page (a claims template) only loops over
`claim_panels`, a generic hook; claims never names the newsroom.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from claims.access import can_view_desk
from newsroom.selectors import unread_count


def _claim_panels(request: HttpRequest) -> list[dict[str, str]]:
    match = request.resolver_match
    if match is None or match.view_name != "claims:review" or not can_view_desk(request.user):
        return []
    url = reverse("newsroom:claim_notes", args=[match.kwargs["pk"]])
    return [{"id": "notes", "title": "Notes", "url": url, "link_text": "Read and write notes on this claim"}]


def newsroom(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notifications_unread": SimpleLazyObject(lambda: unread_count(user.pk)),
        "claim_panels": SimpleLazyObject(lambda: _claim_panels(request)),
    }
