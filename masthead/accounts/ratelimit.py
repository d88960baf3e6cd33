"""Sign-in rate limits (counters in masthead.core.ratelimit) and the client address."""

from masthead.core import ratelimit

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
    """Count one event for (scope, identity); return True while within ``limit``."""
    return ratelimit.within(f"accounts:{scope}", identity, limit)


def exceeded(scope, identity, limit):
    """Return True when (scope, identity) has already reached ``limit`` (without counting)."""
    return ratelimit.exceeded(f"accounts:{scope}", identity, limit)
