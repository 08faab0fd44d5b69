"""`Authorization: Bearer <key>` for partners. Keys look like `fck_<prefix>_<secret>`; only their SHA-256 is stored."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from partners import services
from partners.keys import hash_key, split_key
from partners.models import ApiKey, Partner
from partners.selectors import api_key_by_prefix


@dataclass(eq=False)
class PartnerPrincipal:
    """`request.user` for a partner request: authenticated, but never a desk user, staff or superuser."""

    partner: Partner
    api_key: ApiKey
    is_authenticated: bool = field(default=True, init=False)
    is_anonymous: bool = field(default=False, init=False)
    is_active: bool = field(default=True, init=False)
    is_staff: bool = field(default=False, init=False)
    is_superuser: bool = field(default=False, init=False)
    pk: None = field(default=None, init=False)
    id: None = field(default=None, init=False)

    def __str__(self) -> str:
        return f"partner:{self.partner.name}"

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return False

    def has_perms(self, perms: object, obj: object = None) -> bool:
        return False

    def get_username(self) -> str:
        return str(self)


class BearerKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[PartnerPrincipal, ApiKey] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, raw_key = header.partition(" ")
        if scheme.lower() != self.keyword.lower():
            return None
        raw_key = raw_key.strip()
        if not raw_key or " " in raw_key:
            raise exceptions.AuthenticationFailed("Malformed Authorization header; send `Authorization: Bearer <key>`.")
        return self._authenticate_key(raw_key)

    def _authenticate_key(self, raw_key: str) -> tuple[PartnerPrincipal, ApiKey]:
        parts = split_key(raw_key)
        key = api_key_by_prefix(parts[0]) if parts else None
        # Compare even when no key matched, so response timing does not reveal which prefixes exist.
        expected = key.hashed_key if key is not None else "0" * 64
        if not hmac.compare_digest(expected, hash_key(raw_key)) or key is None:
            raise exceptions.AuthenticationFailed("Invalid API key.")
        now = timezone.now()
        if key.revoked_at is not None:
            raise exceptions.AuthenticationFailed(f"This API key was revoked on {key.revoked_at:%Y-%m-%d}.")
        if key.expires_at is not None and key.expires_at <= now:
            raise exceptions.AuthenticationFailed(f"This API key expired on {key.expires_at:%Y-%m-%d}.")
        if not key.partner.is_active:
            raise exceptions.AuthenticationFailed("This partner account is disabled; contact the desk.")
        services.api_key_mark_used(api_key=key, now=now)
        return PartnerPrincipal(partner=key.partner, api_key=key), key

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


def partner_of(request: Request) -> Partner | None:
    """The partner behind a request authenticated by key, or None for desk users and anonymous requests."""
    user = getattr(request, "user", None)
    return user.partner if isinstance(user, PartnerPrincipal) else None
