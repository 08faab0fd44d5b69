"""One process of the shared-rate-limit test: ask the partner throttle N times, print how many were allowed.

Run as `python -m tests.security.throttle_worker PARTNER_ID ATTEMPTS` with FACTCHECK_CACHE_URL set; it stands in for
one gunicorn worker, which has its own memory but the same settings.
"""

from __future__ import annotations

import os
import sys
from types import SimpleNamespace


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from partners.authentication import PartnerPrincipal
    from partners.throttling import PartnerRateThrottle

    partner_id, attempts = int(sys.argv[1]), int(sys.argv[2])
    # The throttle reads only the partner's id; no database is involved.
    principal = PartnerPrincipal(partner=SimpleNamespace(pk=partner_id, name="p"), api_key=None)  # type: ignore[arg-type]
    request = SimpleNamespace(user=principal, META={})
    sys.stdin.readline()  # start together with the other process
    allowed = sum(PartnerRateThrottle().allow_request(request, None) for _ in range(attempts))  # type: ignore[arg-type]
    print(allowed, flush=True)


if __name__ == "__main__":
    main()
