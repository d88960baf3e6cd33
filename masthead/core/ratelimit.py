"""Fixed-window counters in Django's cache, shared by every app that limits a rate."""

import hashlib

from django.core.cache import cache


def _key(scope, identity):
    digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}"


def hit(scope, identity, limit):
    """Count one event for (scope, identity); return the count so far in this window.

    ``limit`` is (count, window in seconds); the caller compares the result with the count.
    ``cache.add`` creates the window once and ``cache.incr`` is atomic on Redis and the
    local-memory cache, so concurrent requests cannot both slip under the limit there.
    """
    _count, window = limit
    key = _key(scope, identity)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def within(scope, identity, limit):
    """Count one event; True while (scope, identity) stays within ``limit``."""
    return hit(scope, identity, limit) <= limit[0]


def exceeded(scope, identity, limit):
    """Return True when (scope, identity) has already reached ``limit`` (without counting)."""
    return (cache.get(_key(scope, identity)) or 0) >= limit[0]
