"""Per-partner rate limit; DRF answers 429 with Retry-After. Desk users (session) are not throttled here."""

from __future__ import annotations

import logging

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from partners.authentication import PartnerPrincipal

logger = logging.getLogger(__name__)


class PartnerRateThrottle(SimpleRateThrottle):
    scope = "partner"

    def get_rate(self) -> str:
        return getattr(settings, "FACTCHECK_PARTNER_THROTTLE_RATE", "600/min")

    def get_cache_key(self, request: Request, view: object) -> str | None:
        user = request.user
        if not isinstance(user, PartnerPrincipal):
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.partner.pk}

    def allow_request(self, request: Request, view: APIView) -> bool:
        # The counters live in the shared cache (Redis in production). When it is unreachable the limit cannot be
        # counted; refusing every partner call for it would turn a cache outage into an API outage, so the request
        # goes through (keys are still checked) and the outage is logged.
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError) as exc:
            logger.warning("partner rate limit not applied: the cache is unreachable (%s)", exc)
            return True
