"""Fixed-window counters in Django's cache, shared by every app that limits a rate."""

import hashlib
import logging
import math

from django.conf import settings
from django.core.cache import cache

from masthead.ops.cache import CacheUnavailable, cache_available

logger = logging.getLogger(__name__)


def _key(scope, identity):
    digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}"


def hit(scope, identity, limit):
    """Count one event for (scope, identity); return the count so far in this window.

    ``limit`` is (count, window in seconds); the caller compares the result with the count.
    ``cache.add`` creates the window once and ``cache.incr`` is atomic on Redis and the
    local-memory cache, so concurrent requests cannot both slip under the limit there.
    A limit that cannot count fails closed: when the cache is unavailable the count is
    infinite, so sign-in emails and comments are refused until it is back (never sent
    without a limit to anyone who asks).
    """
    _count, window = limit
    key = _key(scope, identity)
    try:
        cache.add(key, 0, timeout=window)
        try:
            return cache.incr(key)
        except CacheUnavailable:
            raise
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
            return 1
    except Exception:  # noqa: BLE001 - any cache failure: refuse rather than not count
        logger.warning("Rate limit %s cannot count: refusing", scope)
        return math.inf


def available():
    """False while limits cannot count (their cache is unavailable): everything is refused."""
    return cache_available(cache)


def within(scope, identity, limit):
    """Count one event; True while (scope, identity) stays within ``limit``."""
    return hit(scope, identity, limit) <= limit[0]


def exceeded(scope, identity, limit):
    """Return True when (scope, identity) has already reached ``limit`` (without counting).
    Unknown (the cache is unavailable) counts as reached."""
    try:
        count = cache.get(_key(scope, identity)) or 0
    except Exception:  # noqa: BLE001 - a cache that fails outright
        return True
    return count >= limit[0] or not available()


def client_ip(request):
    """Return the client's address.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` proxies are known to sit in front
    of the site: then the address the outermost trusted proxy saw, counted from the
    right of ``X-Forwarded-For``, so a client cannot choose its own address by
    sending the header.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
