"""Fixed-window counters in Django's cache, and the client address they are keyed on."""

import hashlib

from django.core.cache import cache

from . import conf


def client_ip(request):
    """Return the client's address.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` proxies are known to sit in front
    of the site: then the address the outermost trusted proxy saw, counted from the
    right of ``X-Forwarded-For``, so a client cannot choose its own address by
    sending the header.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = int(conf.get("TRUSTED_PROXY_COUNT") or 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def hit(scope, identity, limit):
    """Count one event for (scope, identity); return True while within ``limit``.

    ``limit`` is (count, window in seconds). ``cache.add`` creates the window once and
    ``cache.incr`` is atomic on Redis and the local-memory cache, so concurrent
    requests cannot both slip under the limit there.
    """
    count, window = limit
    digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
    key = f"accounts:rl:{scope}:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        value = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        value = 1
    return value <= count


def exceeded(scope, identity, limit):
    """Return True when (scope, identity) has already reached ``limit`` (without counting)."""
    count, _window = limit
    digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
    return (cache.get(f"accounts:rl:{scope}:{digest}") or 0) >= count
