"""The app's own full-page cache for anonymous readers.

A request without a session cookie is answered from the cache when it can be,
before sessions, authentication or any view run. Only responses that declare
themselves shareable (`Cache-Control: public`) and set no cookie are stored, so
a member's page (`private`) can never be served to anyone else, and a request
carrying a session never gets a page stored for anonymous readers.

Publishing anything bumps a generation number that is part of every key: the
whole page cache is replaced at once, which keeps the front page, sections and
"read more" boxes of other stories right after every publish.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import caches

GENERATION_KEY = "pagecache:generation"
CACHE_CONTROL_DELIMITER = re.compile(r"\s*,\s*")
HEADERS_KEPT = (
    "Content-Type",
    "Cache-Control",
    "Cache-Tag",
    "Vary",
    "Content-Language",
    "Last-Modified",
    "ETag",
    "Link",
)


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def generation():
    return _cache().get_or_set(GENERATION_KEY, 1, timeout=None)


def purge_all():
    """Forget every cached page (called on publish, unpublish, move and delete)."""
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def key_for(request, gen):
    # Hashed: a URL can be kilobytes long (queries), a cache key should not be.
    url = f"{request.get_host()}{request.get_full_path()}".encode()
    return f"pagecache:{gen}:{hashlib.sha256(url).hexdigest()}"


def is_shareable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        d.strip().split("=")[0].lower()
        for d in CACHE_CONTROL_DELIMITER.split(response.get("Cache-Control", ""))
    }
    return "public" in directives and "private" not in directives and "no-store" not in directives


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        gen = generation()
        key = key_for(request, gen)
        stored = _cache().get(key)
        if stored is not None:
            return self.rebuild(stored, request)
        response = self.get_response(request)
        if is_shareable(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = {h: response[h] for h in HEADERS_KEPT if response.has_header(h)}
            _cache().set(key, (response.content, headers), settings.PAGE_CACHE_SHARED_SECONDS)
            response["X-Page-Cache"] = "MISS"
        return response

    @staticmethod
    def applies_to(request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
        )

    @staticmethod
    def rebuild(stored, request):
        from django.http import HttpResponse

        content, headers = stored
        response = HttpResponse(content if request.method == "GET" else b"")
        for header, value in headers.items():
            response[header] = value
        response["Content-Length"] = str(len(content))
        response["X-Page-Cache"] = "HIT"
        return response
