"""Who may be given the same copy of a response: one value, decided once, read by every layer.

A page decides its `Cacheability` once, where it is served (`mark`); the value sets the
response's headers (`Cache-Control`, `Cache-Tag`, `Vary`) and travels with it as
`response.cacheability`. The app's page cache, the members' copy, the page files for nginx and
the stored copies read that value, never the headers again: shared caches may keep what every
anonymous reader gets, never what a signed-in member gets.
"""

import dataclasses
import functools

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

CACHE_TAG_HEADER = "Cache-Tag"


@dataclasses.dataclass(frozen=True)
class Cacheability:
    # Every anonymous reader gets this copy: shared caches (the app's, nginx, a CDN) may keep it.
    shared: bool = False
    # Every member (who is not staff) gets the same copy: the app keeps one for them.
    members_share: bool = False
    # What a publish purges it by (Cache-Tag).
    tags: tuple = ()
    # Shared caches' freshness when shorter than the standard (a page no publish purges).
    shared_seconds: int | None = None
    # The page reads no query parameter: one copy answers every query string of its address.
    same_for_any_query: bool = False
    # For this reader and this moment only (a gift link's story): no cache, not even the
    # browser's, keeps it (`Cache-Control: private, no-store`).
    no_store: bool = False


PRIVATE = Cacheability()
NOT_STORED = Cacheability(no_store=True)
# The request attribute `keep_private` sets.
_KEEP_PRIVATE = "masthead_keep_private"


def keep_private(request):
    """Whatever page answers `request`, it is this reader's alone: the view that serves it
    read something no cache key holds (a gift link), so `for_reader` decides `NOT_STORED`."""
    setattr(request, _KEEP_PRIVATE, True)


def of(response):
    """The response's cacheability; a response that declares none is nobody's to share."""
    return getattr(response, "cacheability", PRIVATE)


def mark(response, cacheability):
    """Attach `cacheability` to `response` and write the headers it means. A response that
    is not a plain 200, or already says how to cache it, is left as it is (and private)."""
    if response.status_code != 200 or response.has_header("Cache-Control"):
        return response
    if cacheability.shared:
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
            s_maxage=cacheability.shared_seconds or settings.PAGE_CACHE_SHARED_SECONDS,
            stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
            stale_if_error=settings.PAGE_CACHE_STALE_IF_ERROR,
        )
        if cacheability.tags:
            response[CACHE_TAG_HEADER] = ",".join(cacheability.tags)
    elif cacheability.no_store:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    response.cacheability = cacheability
    return response


def for_reader(request, *, personal=False, **values):
    """The cacheability of a page for the reader of `request`: shared with every anonymous
    reader unless it is signed in or the page depends on the reader (`personal`, e.g. a
    metered article), and never stored when the view said so (`keep_private`)."""
    if getattr(request, _KEEP_PRIVATE, False):
        return NOT_STORED
    signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
    return Cacheability(shared=not (signed_in or personal), **values)


def add_page_cache_headers(request, response, *, tags=(), personal=False, shared_seconds=None):
    """Mark `response` shareable for anonymous readers, private for members and whenever
    the page depends on the reader (`personal`). `shared_seconds` shortens the shared caches'
    freshness for pages no publish purges (search)."""
    cacheability = for_reader(
        request, personal=personal, tags=tuple(tags), shared_seconds=shared_seconds
    )
    return mark(response, cacheability)


def shared_listing(view, tags=("listings",)):
    """Wrap a view whose answer is the same for every reader (a feed, a sitemap): shareable
    like a page, so the page cache and nginx keep it, purge it with the listings on publish
    and serve it stale while the database is away."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return add_page_cache_headers(request, view(request, *args, **kwargs), tags=tags)

    return wrapped
