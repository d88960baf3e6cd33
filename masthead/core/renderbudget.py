"""How many pages one web worker renders at a time: the rest of its threads stay free for
pages it answers from the cache.

Each worker has a few request threads (`masthead.core.web.THREADS`). Without a budget, a
flood of requests that miss every cache (a fresh query string a page reads, addresses that
do not exist) takes all of them to render, and readers of a cached story queue behind the
renders, which also hold the worker's interpreter lock. With it, at most
`RENDER_SLOTS_PER_WORKER` pages render at once; a few more requests (`QUEUE_PER_WORKER`) may
wait up to `QUEUE_WAIT_SECONDS` for a slot, so an ordinary burst of misses (every page after a
publish) is rendered, not refused. Beyond that the reader gets the stale copy when there is
one, else a short 503 with `Retry-After` (nginx answers it from its own copy,
`proxy_cache_use_stale http_503`). Cache hits never wait for a slot, and at least
`THREADS - slots - queue` threads are always free for them.
"""

import contextlib
import threading

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

# Requests of one worker that may wait for a render slot, and for how long.
QUEUE_PER_WORKER = 4
QUEUE_WAIT_SECONDS = 2

_slots = None
_slots_lock = threading.Lock()
_queue = threading.BoundedSemaphore(QUEUE_PER_WORKER)
_busy_page = None


def _semaphore():
    global _slots
    if _slots is None:
        with _slots_lock:
            if _slots is None:
                _slots = threading.BoundedSemaphore(settings.RENDER_SLOTS_PER_WORKER)
    return _slots


@contextlib.contextmanager
def slot():
    """Yields whether this thread may render now (at once, or after a short wait in the
    queue when it has room); the slot is given back on leaving."""
    slots = _semaphore()
    taken = slots.acquire(blocking=False)
    if not taken and _queue.acquire(blocking=False):
        try:
            taken = slots.acquire(timeout=QUEUE_WAIT_SECONDS)
        finally:
            _queue.release()
    try:
        yield taken
    finally:
        if taken:
            slots.release()


def busy_response():
    """The answer when every render slot is taken. Its page is rendered once per process:
    under a flood, refusing must cost less than rendering."""
    global _busy_page
    if _busy_page is None:
        _busy_page = render_to_string("busy.html").encode()
    response = HttpResponse(_busy_page, status=503)
    response["Retry-After"] = "1"
    add_never_cache_headers(response)
    # Not an error of the site: Django would log each one at ERROR, a line per refused request
    # in a flood. (Django's own mark for a response it need not log again.)
    response._has_been_logged = True
    return response
