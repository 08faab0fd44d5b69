"""Who may see and do what in the web UI: the one place every page and action asks.

Anonymous visitors are sent to the login page; signed-in people without the needed permission get a 403 and no data.
Roles are Django groups (see claims/roles.py); these helpers only ever ask for permissions, never group names.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponseBase

from articles.models import Article, ArticleQuerySet, Source
from claims.models import Claim, ClaimQuerySet, ReviewEvent, ReviewState

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    AnyUser = User | AnonymousUser

VIEW_DESK = "claims.view_claim"
UPLOAD = "articles.add_article"
REPROCESS = "articles.reprocess_article"
REVIEW = "claims.review_claim"
PUBLISH = "claims.publish_claim"
ASSIGN = "claims.assign_claim"
# Moderators may review a claim whoever it is assigned to.
OVERRIDE_ASSIGNMENT = "claims.change_claim"

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def has_perm(user: AnyUser, perm: str) -> bool:
    return bool(user.is_authenticated and user.has_perm(perm))


def can_view_desk(user: AnyUser) -> bool:
    return has_perm(user, VIEW_DESK)


def can_upload(user: AnyUser) -> bool:
    return has_perm(user, UPLOAD)


def can_reprocess(user: AnyUser) -> bool:
    return has_perm(user, REPROCESS)


def can_publish(user: AnyUser) -> bool:
    return has_perm(user, PUBLISH)


def can_assign(user: AnyUser) -> bool:
    return has_perm(user, ASSIGN)


def can_review(user: AnyUser) -> bool:
    return has_perm(user, REVIEW)


def can_review_claim(user: AnyUser, claim: Claim) -> bool:
    """Reviewers work on claims assigned to them or to nobody; moderators on any claim.

    Changing a published verdict goes straight to partners as a correction, so it also needs the publish permission.
    """
    if not can_review(user):
        return False
    if claim.review_state == ReviewState.PUBLISHED and not can_publish(user):
        return False
    if claim.assigned_to_id is None or claim.assigned_to_id == user.pk:
        return True
    return has_perm(user, OVERRIDE_ASSIGNMENT)


def desk_required(*perms: str) -> Callable[[View], View]:
    """Guard a view: anonymous → login page, missing any of `perms` (or the desk view permission) → 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can_view_desk(request.user) or not all(has_perm(request.user, p) for p in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def acting_user(request: HttpRequest) -> User:
    """The signed-in person behind a request that `desk_required` has already let through."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return cast("User", request.user)


def require_claim_review(user: AnyUser, claim: Claim) -> None:
    if not can_review_claim(user, claim):
        raise PermissionDenied


# Scoped querysets: every page reads through these, so a person without the desk permission sees nothing.


def articles_for(user: AnyUser) -> ArticleQuerySet:
    if not can_view_desk(user):
        return Article.objects.none()
    return Article.objects.without_payload().select_related("source")


def claims_for(user: AnyUser) -> ClaimQuerySet:
    if not can_view_desk(user):
        return Claim.objects.none()
    return Claim.objects.visible_to(user)


def events_for(user: AnyUser) -> QuerySet[ReviewEvent]:
    if not can_view_desk(user):
        return ReviewEvent.objects.none()
    return ReviewEvent.objects.all()


def sources_for(user: AnyUser) -> QuerySet[Source]:
    if not can_view_desk(user):
        return Source.objects.none()
    return Source.objects.all()


def reviewers() -> QuerySet[Any]:
    """People a claim can be assigned to: anyone holding the review permission through a group or directly."""
    user_model = get_user_model()
    holds_review = Q(groups__permissions__codename="review_claim") | Q(user_permissions__codename="review_claim")
    return user_model.objects.filter(holds_review, is_active=True).distinct().order_by("username")
