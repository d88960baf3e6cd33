"""The few rows every page needs and editors rarely change (the sites, the private sections),
kept in each process instead of being read again for every request.

A value is kept for one page-cache generation: a publish, an unpublish, a move, a privacy or a
site change starts a new one (see `pagecache`), so no process uses rows older than the pages
it serves. And for at most `SECONDS`, in case a change could not start one (the cache away).
"""

import functools
import time

from . import pagecache

SECONDS = 30

_kept = []


def per_generation(load):
    """`load()`'s value, loaded again once per generation (and at least every `SECONDS`)."""
    state = None  # (generation, kept until, value): replaced whole, so threads may share it

    @functools.wraps(load)
    def get():
        nonlocal state
        gen = pagecache.current_generation()  # read before loading: the value is no older
        now = time.monotonic()
        if state is not None and state[0] == gen and now < state[1]:
            return state[2]
        value = load()
        state = (gen, now + SECONDS, value)
        return value

    def forget():
        nonlocal state
        state = None

    get.forget = forget
    _kept.append(get)
    return get


def forget_all():
    """Drop every kept value (a test's rolled-back rows must not outlive it)."""
    for get in _kept:
        get.forget()
