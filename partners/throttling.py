"""Per-partner rate limit; DRF answers 429 with Retry-After. Desk users (session) are not throttled here."""

from __future__ import annotations

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from partners.authentication import PartnerPrincipal


class PartnerRateThrottle(SimpleRateThrottle):
    scope = "partner"

    def get_rate(self) -> str:
        return getattr(settings, "FACTCHECK_PARTNER_THROTTLE_RATE", "600/min")

    def get_cache_key(self, request: Request, view: object) -> str | None:
        user = request.user
        if not isinstance(user, PartnerPrincipal):
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.partner.pk}
