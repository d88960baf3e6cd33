"""The app's own full-page cache for anonymous readers.

A request without a session cookie is answered from the cache when it can be, before
sessions, authentication or any view run: `PageCacheMiddleware` is the first middleware,
and `PageCacheApplication` wraps the WSGI application so that a fresh page is served
without Django building a request at all. Only responses that declare themselves
shareable (`Cache-Control: public`) and set no cookie are stored, so a member's page
(`private`) can never be served to anyone else, and a request carrying a session never
gets a page stored for anonymous readers. A page is stored with every header it was
served with, so its Content-Security-Policy nonce always matches the page.

Publishing anything starts a new generation (`generation`), and a page stored in an earlier
one is never served (the number and the page are read together, in one round trip): the
whole page cache is replaced at once, which keeps the front page, sections and "read more"
boxes of other stories right after every publish, and after an upgrade no page rendered by
the code before is served.

Surges: a page is fresh for `PAGE_CACHE_SHARED_SECONDS`, then served stale for
`PAGE_CACHE_STALE_WHILE_REVALIDATE` more while one request refreshes it. Whoever finds it
missing or stale takes a lock (the cache's atomic `add`) and renders it; meanwhile the
others get the stale copy, or, when there is none, wait (at most `PAGE_CACHE_LOCK_WAIT`
seconds) for the one render instead of rendering the same page again.

Outages: a page is kept `PAGE_CACHE_STALE_IF_ERROR` seconds past its freshness, and served
when rendering it fails (the database is down): readers keep reading what was published.

Floods: a worker renders at most `RENDER_SLOTS_PER_WORKER` pages at a time (`renderbudget`);
beyond that a miss gets the stale copy or a short 503, and its other threads stay free for hits.

Edge files: with `EDGE_PAGES_DIR` set, each anonymous page stored or served fresh here is also
written as a file for nginx to serve (`edgepages`).

Readers' own copies: a page whose response carries an `ETag` is answered `304 Not Modified`,
without its body, when the reader's `If-None-Match` names it (`reader_holds`), from the cache
or right after it is rendered and stored: a page polled by many browsers costs them no bytes
while it has not changed. A page without an ETag is always served in full.

Members: every reader the wall takes for a member (`access.policy.reader_kind`) reads the same
article, front and section pages (the account slot and the comments load on their own, and
the wall lets every member read on). `MemberPageCacheMiddleware` keeps those pages too, in
the app's own cache only and under keys of their own: it runs after authentication and
answers members only (it lives with the wall, `access.memberpages`, which knows who is a
member). A page is kept for members only when it says so (its cacheability's
`members_share`, which the wall's pass, `access.reading`, sets for every page but a metered
reading or a private page) and
used no CSRF token, set no cookie and changed no session. Staff always get a fresh render of
what they publish. Members' pages stay `Cache-Control: private`: no shared cache holds them.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import get_path_info
from django.http import HttpResponse, HttpResponseNotModified, parse_cookie
from django.utils.http import parse_etags

from masthead.ops.middleware import choose_request_id

from . import caching, clock, edgepages, generation, queryparams, renderbudget

LOCK_SECONDS = 30  # a lock outlives no render: a crashed renderer's lock expires
POLL_SECONDS = 0.02
# Headers the server computes for each response, never stored with a page.
HEADERS_NOT_STORED = {"content-length", "date", "server", "connection", "set-cookie"}
# What a 304 repeats of the page it stands for (RFC 9110 15.4.5, as Django's own 304s): the
# reader's cache refreshes its copy with them.
REPEATED_BY_NOT_MODIFIED = {
    "cache-control",
    "content-location",
    "etag",
    "expires",
    "last-modified",
    "vary",
}


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def reads_a_kept_page(environ):
    """A request reading a page the cache may keep, with the cache on (PAGE_CACHE): the
    members' copy asks this too."""
    path = environ.get("PATH_INFO", "")
    return (
        settings.PAGE_CACHE_ENABLED
        and environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        and not path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
    )


def applies_to(environ):
    """Whether this request may be answered from, and stored in, the anonymous page cache."""
    return reads_a_kept_page(environ) and settings.SESSION_COOKIE_NAME not in parse_cookie(
        environ.get("HTTP_COOKIE", "")
    )


def _scheme(environ):
    header = settings.SECURE_PROXY_SSL_HEADER
    if header and environ.get(header[0], "").split(",")[0].strip() == header[1]:
        return "https"
    return environ.get("wsgi.url_scheme", "http")


def _host(environ):
    return environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"


def key_for(environ, path=None, query=None):
    """The key of a page: scheme (an HTTP request is redirected, never served the HTTPS
    page), host and full path, hashed (a URL can be kilobytes long, a key should not be).
    `path` decoded, as Django's `request.path_info` (the default: Django decodes PATH_INFO in
    `request.META`; WSGI's own carries a Hebrew slug's bytes as latin-1 characters). `query`
    "" for the address without its query string."""
    path = environ.get("PATH_INFO", "") if path is None else path
    query = environ.get("QUERY_STRING", "") if query is None else query
    url = f"{_scheme(environ)}://{_host(environ)}{path}?{query}"
    return f"pagecache:{hashlib.sha256(url.encode('utf-8', 'surrogateescape')).hexdigest()}"


def keys_for(environ, path=None):
    """The keys a reading request may be answered from: its own, then, when it has a query
    string, the bare address's, which answers it if that page reads no query parameter (an
    article: `?page=<anything>` is the same story)."""
    key = key_for(environ, path)
    if environ.get("QUERY_STRING"):
        return key, key_for(environ, path, query="")
    return key, None


def storable(response):
    return response.status_code == 200 and not response.streaming and not response.cookies


def is_shareable(response):
    return storable(response) and caching.of(response).shared


class Page:
    """A stored page: its bytes, its headers, the time until which it is fresh, the
    generation it was rendered in, and its cacheability (`core.caching`)."""

    __slots__ = ("content", "headers", "fresh_until", "generation", "cacheability")

    def __init__(self, content, headers, fresh_until, gen, cacheability):
        self.content, self.headers = content, headers
        self.fresh_until, self.generation = fresh_until, gen
        self.cacheability = cacheability

    def is_fresh(self):
        return clock.timestamp() < self.fresh_until

    @property
    def rendered_at(self):
        return self.fresh_until - settings.PAGE_CACHE_SHARED_SECONDS

    def may_serve_stale(self):
        return clock.timestamp() < self.fresh_until + settings.PAGE_CACHE_STALE_WHILE_REVALIDATE


def lookup(keys):
    """The current generation and the page stored in it for `keys` (`keys_for`): under the
    request's own key, else under the bare address's when that page reads no query parameter
    (None if there is none), in one round trip to the cache."""
    key, bare_key = keys
    generation_key = generation.key()
    found = _cache().get_many([generation_key, key, *([bare_key] if bare_key else [])])
    gen = found.get(generation_key) or generation.current()
    page = found.get(key)
    if page is None or page.generation != gen:
        page = found.get(bare_key)
        if page is not None and not page.cacheability.same_for_any_query:
            page = None
    return gen, (page if page is not None and page.generation == gen else None)


def store(keys, gen, response):
    """Keep the page under the request's key; a page that reads no query parameter under the
    bare address's, where every query string of that address finds it."""
    headers = [(k, v) for k, v in response.items() if k.lower() not in HEADERS_NOT_STORED]
    fresh = settings.PAGE_CACHE_SHARED_SECONDS
    cacheability = caching.of(response)
    page = Page(response.content, headers, clock.timestamp() + fresh, gen, cacheability)
    kept = max(settings.PAGE_CACHE_STALE_WHILE_REVALIDATE, settings.PAGE_CACHE_STALE_IF_ERROR)
    key, bare_key = keys
    shared_by_the_address = cacheability.same_for_any_query and bare_key
    _cache().set(bare_key if shared_by_the_address else key, page, fresh + kept)


def reader_holds(headers, if_none_match):
    """Whether the copy the reader already has (its `If-None-Match`) is the page with
    `headers`, so a 304 without the body will do. The weak comparison of RFC 9110, as
    Django's: `W/"x"` names the same copy as `"x"`; `*` names any."""
    etag = next((value for header, value in headers if header.lower() == "etag"), None)
    tags = parse_etags(if_none_match or "")
    if not etag or not tags:
        return False
    return tags == ["*"] or etag.removeprefix("W/") in {t.removeprefix("W/") for t in tags}


def repeated_by_not_modified(headers):
    return [
        (header, value) for header, value in headers if header.lower() in REPEATED_BY_NOT_MODIFIED
    ]


def not_modified(headers, state):
    """The 304 for the page with `headers`: marked like the 200 it stands for."""
    response = HttpResponseNotModified()
    for header, value in repeated_by_not_modified(headers):
        response[header] = value
    response["X-Page-Cache"] = state
    return response


def serve(page, method, state, if_none_match=""):
    if reader_holds(page.headers, if_none_match):
        return not_modified(page.headers, state)
    response = HttpResponse(page.content if method == "GET" else b"")
    for header, value in page.headers:
        response[header] = value
    response["Content-Length"] = str(len(page.content))
    response["X-Page-Cache"] = state
    response.cacheability = page.cacheability
    return response


# The environ key under which the WSGI short-circuit hands its lookup to the middleware.
LOOKED_UP = "masthead.pagecache.looked_up"


class PageCacheMiddleware:
    """Serve anonymous pages from the cache, rendering each missing page once."""

    state_prefix = ""  # X-Page-Cache says whose copy answered: "HIT", "MEMBER-HIT"…

    def __init__(self, get_response):
        self.get_response = get_response

    def keys(self, request):
        """The page's keys for this reader (`keys_for`), or None when this cache does not
        apply."""
        return keys_for(request.META) if applies_to(request.META) else None

    def may_store(self, request, response):
        return is_shareable(response)

    def serve(self, page, request, state):
        state = self.state_prefix + state
        return serve(page, request.method, state, request.headers.get("If-None-Match"))

    def __call__(self, request):
        # A preview (Wagtail's dummy request for the page's address) renders a draft: it is
        # never answered from a cache, nor stored in one, whoever asks.
        keys = None if getattr(request, "is_dummy", False) else self.keys(request)
        if keys is None:
            return self.get_response(request)
        # What the WSGI short-circuit found for these keys: one lookup per request.
        found = request.META.pop(LOOKED_UP, None)
        gen, page = found[1:] if found is not None and found[0] == keys else lookup(keys)
        if page is not None and page.is_fresh():
            return self.serve(page, request, "HIT")
        with generation.serving(gen):
            return self.refresh(request, keys, gen, page)

    def refresh(self, request, keys, gen, page):
        """Render the missing or stale page once, while others get the stale copy or wait."""
        cache = _cache()
        lock = f"{keys[0]}:lock"
        if cache.add(lock, 1, LOCK_SECONDS):
            try:
                return self.render(request, keys, gen, stale=page)
            finally:
                cache.delete(lock)
        if page is not None and page.may_serve_stale():
            return self.serve(page, request, "STALE")  # someone else is refreshing it
        fresh = self.wait_for(keys, lock)
        if fresh is not None:
            return self.serve(fresh, request, "HIT")
        # The render failed, was not shareable, or is slow.
        return self.render(request, keys, gen, stale=page)

    def render(self, request, keys, gen, stale=None):
        with renderbudget.slot() as may_render:
            if may_render:
                return self.render_now(request, keys, gen, stale)
        if stale is not None:  # of this generation: nothing was published since
            return self.serve(stale, request, "STALE")
        return renderbudget.busy_response()

    def render_now(self, request, keys, gen, stale):
        response = self.get_response(request)
        if response.status_code >= 500 and stale is not None:
            return self.serve(stale, request, "STALE-IF-ERROR")
        if self.may_store(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if request.method == "GET":
                store(keys, gen, response)
                self.keep_at_edge(request, gen, response)
            response["X-Page-Cache"] = self.state_prefix + "MISS"
            if reader_holds(response.items(), request.headers.get("If-None-Match")):
                return not_modified(response.items(), response["X-Page-Cache"])
        return response

    def keep_at_edge(self, request, gen, response):
        """Write the anonymous page for nginx too, unless a publish began a new generation
        while it rendered: that page may already be out of date, and its file purged."""
        if edgepages.enabled() and generation.current() == gen:
            address = (_scheme(request.META), _host(request.META), request.path_info)
            query = request.META.get("QUERY_STRING")
            edgepages.keep(address, query, response.items(), response.content, caching.of(response))

    @staticmethod
    def wait_for(keys, lock):
        """The fresh page another request is rendering, once it is stored; None when that
        request ends without storing one or the wait is over."""
        deadline = time.monotonic() + settings.PAGE_CACHE_LOCK_WAIT
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            page = lookup(keys)[1]
            if page is not None and page.is_fresh():
                return page
            if lock not in _cache():
                return None
        return None


def request_id_for(environ):
    """The id RequestIdMiddleware would give this request: every response carries one."""
    return choose_request_id(environ.get("HTTP_X_REQUEST_ID", ""))


class PageCacheApplication:
    """WSGI middleware: a fresh anonymous page is served straight from the cache, without
    Django's request handling. Anything else (a miss, a stale page, a member) goes to the
    application, whose `PageCacheMiddleware` renders and stores, starting from what was found
    here (`environ[LOOKED_UP]`) rather than asking the cache again."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        queryparams.clean_reading_request(environ)
        # A parameter read at its path only (WordPress's /?p=123) is for the middleware that
        # declared it, which answers before the page cache.
        if applies_to(environ) and not queryparams.read_at_its_path(environ):
            path = get_path_info(environ)
            keys = keys_for(environ, path)
            gen, page = lookup(keys)
            environ[LOOKED_UP] = (keys, gen, page)  # for PageCacheMiddleware, on a miss
            if page is not None and page.is_fresh():
                if edgepages.enabled():
                    address = (_scheme(environ), _host(environ), path)
                    query = environ.get("QUERY_STRING")
                    edgepages.keep_missing(
                        address,
                        query,
                        page.headers,
                        page.content,
                        page.rendered_at,
                        page.cacheability,
                    )
                return self.serve(page, environ, start_response)
        return self.application(environ, start_response)

    @staticmethod
    def serve(page, environ, start_response):
        """The fresh page, or a 304 when the reader already holds it (`reader_holds`)."""
        marks = [("X-Page-Cache", "HIT"), ("X-Request-ID", request_id_for(environ))]
        if reader_holds(page.headers, environ.get("HTTP_IF_NONE_MATCH")):
            start_response("304 Not Modified", [*repeated_by_not_modified(page.headers), *marks])
            return []
        length = ("Content-Length", str(len(page.content)))
        start_response("200 OK", [*page.headers, length, *marks])
        return [page.content if environ["REQUEST_METHOD"] == "GET" else b""]
