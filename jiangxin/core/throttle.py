"""Per-address throttles for anonymous forms (self-registration): at most ``limit`` requests from
one client address in a fixed window. Counters live in the default cache (settings § identity
data: several app-server processes need a shared cache). The address is the one
``audit.services.client_ip`` gives, so a client cannot reset its count by sending another
``X-Forwarded-For``."""

from __future__ import annotations

import time

from django.core.cache import cache


def hit(scope: str, address: str | None, *, limit: int, window_seconds: int) -> bool:
    """Count one request from ``address``; False when it is over ``limit`` in this window."""
    window = max(1, window_seconds)
    bucket = int(time.time() // window)
    key = f"throttle:{scope}:{address or '-'}:{bucket}"
    # get/set rather than incr: incr does not keep the timeout on every cache backend. Two
    # requests at the same instant may both pass; a throttle need not be exact.
    count = (cache.get(key) or 0) + 1
    cache.set(key, count, timeout=window)
    return count <= limit
