"""Sign-in rate limits (counters in masthead.core.ratelimit) and the client address."""

from masthead.core import ratelimit
from masthead.core.ratelimit import client_ip  # noqa: F401 - where accounts' callers find it


def hit(scope, identity, limit):
    """Count one event for (scope, identity); return True while within ``limit``."""
    return ratelimit.within(f"accounts:{scope}", identity, limit)


def exceeded(scope, identity, limit):
    """Return True when (scope, identity) has already reached ``limit`` (without counting)."""
    return ratelimit.exceeded(f"accounts:{scope}", identity, limit)
