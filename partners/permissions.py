"""Scope checks: each API view names the scope each of its actions needs."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from partners.authentication import PartnerPrincipal
from partners.models import Scope

# The web desk's view permission (claims.access.VIEW_DESK); desk users need it for the API too.
DESK_VIEW_PERMISSION = "claims.view_claim"


class HasScope(permissions.BasePermission):
    """Partners need the action's scope on their key; signed-in desk users may read, and write with the model perm.

    Views declare `required_scopes = {"list": Scope.VERDICTS_READ, ...}` and, for desk users' writes,
    `desk_write_permissions = {"create": "articles.add_article"}`.
    """

    message = "This API key lacks the scope this endpoint needs."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        action = getattr(view, "action", None) or ""
        if isinstance(user, PartnerPrincipal):
            scope = getattr(view, "required_scopes", {}).get(action)
            if scope is None:
                return False
            if not user.api_key.has_scope(scope):
                self.message = f"This API key lacks the `{scope}` scope this endpoint needs."
                return False
            return True
        # A signed-in account without a desk role sees nothing, as in the web UI (claims/access.py).
        if not user.has_perm(DESK_VIEW_PERMISSION):
            self.message = "Your account has no role on the desk."
            return False
        desk_perm = getattr(view, "desk_write_permissions", {}).get(action)
        if desk_perm is not None:
            return bool(user.has_perm(desk_perm))
        return request.method in permissions.SAFE_METHODS


__all__ = ["HasScope", "Scope"]
