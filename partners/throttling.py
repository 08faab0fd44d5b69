"""Per-partner rate limit; DRF answers 429 with Retry-After. Desk users (session) are not throttled here."""

from __future__ import annotations

import functools
import logging
import uuid

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from partners.authentication import PartnerPrincipal

logger = logging.getLogger(__name__)

# DRF's sliding window (drop requests older than the window, allow while fewer than the limit remain, record this
# one), run inside Redis as one script. DRF itself reads the history, appends and writes it back: two web workers
# answering the same partner at once could each overwrite the other's entry, and a partner got 15 calls under a
# limit of 10 (tests/security/test_shared_rate_limit.py). Returns {1} when allowed, else {0, seconds to wait}.
SLIDING_WINDOW_SCRIPT = """
local now, duration, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - duration)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('EXPIRE', KEYS[1], math.ceil(duration))
  return {1}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tostring(duration - (now - tonumber(oldest[2])))}
"""


@functools.cache
def _shared_counter(url: str) -> redis.commands.core.Script:
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    return client.register_script(SLIDING_WINDOW_SCRIPT)


class PartnerRateThrottle(SimpleRateThrottle):
    scope = "partner"
    shared_wait: float | None = None

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
            # DRF's `self.cache` is Django's proxy to the default cache; the backend itself says whether it is Redis.
            if settings.FACTCHECK_CACHE_URL and isinstance(caches["default"], RedisCache):
                return self._allow_shared(request, view)
            # A per-process cache (embedded mode, tests): one process, so DRF's own counting cannot race.
            return super().allow_request(request, view)
        except (RedisError, OSError) as exc:
            logger.warning("partner rate limit not applied: the cache is unreachable (%s)", exc)
            return True

    def _allow_shared(self, request: Request, view: APIView) -> bool:
        if self.rate is None:
            return True
        limit, window = self.parse_rate(self.rate)
        if limit is None or window is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        # make_key adds the installation's cache prefix, so installations sharing a Redis count apart.
        allowed, *wait = _shared_counter(settings.FACTCHECK_CACHE_URL)(
            keys=[caches["default"].make_key(key)],
            args=[self.timer(), window, limit, uuid.uuid4().hex],
        )
        if allowed:
            return True
        self.shared_wait = float(wait[0])
        return False

    def wait(self) -> float | None:
        return self.shared_wait if self.shared_wait is not None else super().wait()
