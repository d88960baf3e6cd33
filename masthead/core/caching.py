"""Cache headers for pages: shared caches may keep what every anonymous reader gets, never
what a signed-in member gets."""

import functools

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

CACHE_TAG_HEADER = "Cache-Tag"


def add_page_cache_headers(request, response, *, tags=(), personal=False, shared_seconds=None):
    """Mark `response` shareable for anonymous readers, private for members and whenever
    the page depends on the reader (`personal`, e.g. a metered article). `shared_seconds`
    shortens the shared caches' freshness for pages no publish purges (search)."""
    if response.status_code != 200 or response.has_header("Cache-Control"):
        return response
    signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
    if signed_in or personal:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
            s_maxage=shared_seconds or settings.PAGE_CACHE_SHARED_SECONDS,
            stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
            stale_if_error=settings.PAGE_CACHE_STALE_IF_ERROR,
        )
        if tags:
            response[CACHE_TAG_HEADER] = ",".join(tags)
    patch_vary_headers(response, ["Cookie"])
    return response


def shared_listing(view, tags=("listings",)):
    """Wrap a view whose answer is the same for every reader (a feed, a sitemap): shareable
    like a page, so the page cache and nginx keep it, purge it with the listings on publish
    and serve it stale while the database is away."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return add_page_cache_headers(request, view(request, *args, **kwargs), tags=tags)

    return wrapped
