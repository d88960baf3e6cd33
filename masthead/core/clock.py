"""The time of day, read in one place: the code asks `now()` (or `timestamp()`, the same
moment in seconds since the epoch, for the page cache's lifetimes) instead of
`timezone.now()` or `time.time()`, so the tests move time for all of it at once (the `clock`
fixture in tests/conftest.py) and no function takes a time only so that a test can pass one.

Call them through the module (`from masthead.core import clock`, then `clock.now()`): a
function imported on its own name would keep the real time when a test moves the clock.

Not for measuring or waiting (lock waits, deadlines): `time.monotonic()` does that, and a
moved clock must not stretch a wait. Nor for times another party checks against its own
clock (a VAPID token's expiry, a push service's Retry-After date).
"""

from django.utils import timezone


def now():
    """The current time, aware."""
    return timezone.now()


def timestamp():
    """The current time in seconds since the epoch, as `time.time()` gives it; it moves with
    `now()`."""
    return now().timestamp()
