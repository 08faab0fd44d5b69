"""What every partner API view shares: key auth and scopes, per-partner throttle, the error envelope,
conditional GET (ETag / Last-Modified → 304) and the per-partner request log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.http import HttpResponseBase
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from factcheck.api.conditional import conditional_response
from factcheck.api.errors import api_exception_handler
from factcheck.api.pagination import NewestFirstCursorPagination
from partners import services
from partners.authentication import PartnerPrincipal
from partners.permissions import HasScope
from partners.throttling import PartnerRateThrottle

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass


class PartnerAPIMixin:
    """Mixed into every partner API view, before the DRF view class."""

    permission_classes: Sequence[_PermissionClass] = (HasScope,)
    throttle_classes: Sequence[type[BaseThrottle]] = (PartnerRateThrottle,)
    pagination_class = NewestFirstCursorPagination
    required_scopes: ClassVar[dict[str, str]] = {}
    desk_write_permissions: ClassVar[dict[str, str]] = {}
    # Set by list/retrieve to the newest change of what they return, for Last-Modified.
    last_modified: datetime | None = None

    def get_exception_handler(self) -> Any:
        return api_exception_handler

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # An unsupported method is a 405 whoever asks: checking the scope first answered PUT with "lacks the scope".
        method = (request.method or "").lower()
        if method not in self.http_method_names or not hasattr(self, method):  # type: ignore[attr-defined]
            raise exceptions.MethodNotAllowed(request.method or "")
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        # DRF reads `?q=` as "no q"; the schema says a value has at least one character. Refusing the empty
        # value keeps the two in agreement and tells a client its parameter did nothing.
        empty = sorted({name for name, value in request.query_params.items() if value == ""})
        if empty:
            raise exceptions.ValidationError({name: ["Give a value or leave the parameter out."] for name in empty})

    def finalize_response(self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response = self._conditional(request, response)
        user = request.__dict__.get("_user")
        if isinstance(user, PartnerPrincipal):
            self._record_request(request, user, response.status_code)
        return response

    def _record_request(self, request: Request, user: PartnerPrincipal, status_code: int) -> None:
        services.api_request_record(
            api_key=user.api_key, method=request.method or "", path=request.get_full_path(), status_code=status_code
        )

    def _conditional(self, request: Request, response: HttpResponseBase) -> HttpResponseBase:
        return conditional_response(request, response, self.last_modified)

    def note_last_modified(self, *stamps: datetime | None) -> None:
        present = [stamp for stamp in stamps if stamp is not None]
        if present:
            self.last_modified = max(present)
