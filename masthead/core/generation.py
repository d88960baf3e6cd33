"""The publish generation, and what each process keeps for one.

Every kept page, fragment, card, route and setting is kept for one generation: publishing,
unpublishing, moving or deleting a page, or a change of privacy, site, brand or wall settings
starts a new one (`purge_all`), and nothing kept under an earlier one is used again. The
number lives in the shared cache, so every process and every server agrees on it. Each release
of the code has generations of its own (`RELEASE`, a digest of the code and templates): after
an upgrade nothing rendered by the code before is served.

This module is the bottom of the page pipeline: it imports nothing else of Masthead, and
everything that keeps something per generation (`pagecache`, the fragments, `per_generation`
values) reads the number here. A test empties it all with `forget_all()`.
"""

import contextlib
import contextvars
import functools
import hashlib
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

PACKAGE = Path(__file__).resolve().parents[1]

# A kept value is loaded again at least this often, in case a change could not start a new
# generation (the cache away).
KEPT_SECONDS = 30


def release_digest(root=PACKAGE):
    """A digest of what renders pages (the package's Python and templates) in `root`. Read
    from the files' contents, so every server running the same code agrees on it."""
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in {"__pycache__", "migrations", "static"})
        for name in sorted(files):
            if name.endswith((".py", ".html", ".txt", ".xml")):
                path = Path(folder, name)
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RELEASE = release_digest()


def key():
    """The cache key of the current generation (read with a page in one round trip)."""
    return f"pagecache:generation:{RELEASE}"


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def current():
    """The current generation. The first one is the time it began (not 1): a cache emptied
    or evicted never starts again at a number some process already knew."""
    return _cache().get_or_set(key(), time.time_ns, timeout=None)


# The generation read with the page being served (`serving`), so the fragments of one render
# agree with it and cost no second round trip.
_served = contextvars.ContextVar("served_generation", default=None)


@contextlib.contextmanager
def serving(gen):
    """While the block runs, `of_this_request()` is `gen`."""
    token = _served.set(gen)
    try:
        yield
    finally:
        _served.reset(token)


def of_this_request():
    """The generation of the page being served, else the current one."""
    return _served.get() or current()


def _bump():
    cache = _cache()
    try:
        cache.incr(key())
    except ValueError:
        cache.set(key(), time.time_ns(), timeout=None)


def purge_all():
    """Start a new generation: every kept page, fragment and value is dropped.

    Again once the change is committed: a page rendered in between, from the database as it
    was before the commit, must not outlive it."""
    _bump()
    transaction.on_commit(_bump)


# What `forget_all` resets: each kept value's `forget`, and the process state modules register.
_forgetters = []


def per_generation(load):
    """`load()`'s value, loaded again once per generation (and at least every
    `KEPT_SECONDS`): the few rows every page needs and editors rarely change (sites, private
    sections, the wall's and the brand's settings), kept in each process."""
    state = None  # (generation, kept until, value): replaced whole, so threads may share it

    @functools.wraps(load)
    def get():
        nonlocal state
        gen = of_this_request()  # read before loading: the value is no older
        now = time.monotonic()
        if state is not None and state[0] == gen and now < state[1]:
            return state[2]
        value = load()
        state = (gen, now + KEPT_SECONDS, value)
        return value

    def forget():
        nonlocal state
        state = None

    get.forget = forget
    _forgetters.append(forget)
    return get


def forgotten_by_forget_all(forget):
    """Register `forget()`, which resets some state a process keeps (a back-off, a memo), so
    that `forget_all` resets it too. Returns it, to be used as a decorator."""
    _forgetters.append(forget)
    return forget


def forget_all():
    """Drop every value and state the process keeps (a test's rolled-back rows must not
    outlive it, nor one test's back-off reach the next)."""
    for forget in _forgetters:
        forget()
