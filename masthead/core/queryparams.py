"""The query parameters reading pages read; every other one is dropped before anything sees it.

Links reach readers carrying names no page reads: campaign and click ids (`utm_*`, `fbclid`,
`gclid`…), or a fresh `?x=<random>` per request from a script busting caches. Each distinct
query string would otherwise be a page of its own to the app's page cache, to the page files
and to nginx: every such request would miss every cache and render, and a few hundred a
second starve the readers of a cached story. So a reading request keeps only the names some
page reads, which each app declares here (`read_by_pages`, from its `AppConfig.ready`).

Names are compared as sent, not decoded (`pa%67e=2` is not `page`), and a part without `=`
is dropped: nginx's configuration (`deploy/nginx/masthead.conf`, map `$masthead_query`)
decides from the raw query string which requests are the bare page, and the app must render
exactly that page for them. A test keeps nginx's list equal to the one registered here.
"""

from django.conf import settings

_read_by_pages = set()
# Parameters read at some addresses only: {path: names}.
_read_at = {}


def read_by_pages(*names):
    """Declare query parameters a reading page reads (a listing's `page`, search's `q`)."""
    _read_by_pages.update(names)


def read_at(paths, *names):
    """Declare query parameters read at these paths only, by a middleware before the page
    cache (WordPress's old addresses on the site's root, `/?page_id=123`): kept there, so the
    middleware sees them, dropped everywhere else."""
    for path in paths:
        _read_at.setdefault(path, set()).update(names)


def names_read_by_pages():
    return frozenset(_read_by_pages)


def _name(part):
    return part.split("=", 1)[0] if "=" in part else None


def only_read(query_string, path=None):
    """The query string with only the parts whose name a page reads (or, at `path`, its own
    middleware: `read_at`), in their order and with their bytes."""
    if not query_string:
        return query_string
    extra = _read_at.get(path)
    names = _read_by_pages | extra if extra else _read_by_pages
    return "&".join(part for part in query_string.split("&") if _name(part) in names)


def read_at_its_path(environ):
    """Whether the query string holds a parameter read at this path only (`read_at`): the
    middleware that reads it answers, not the page cache's copy of the bare address."""
    names = _read_at.get(environ.get("PATH_INFO", ""))
    query = environ.get("QUERY_STRING", "")
    return bool(names and query) and any(_name(part) in names for part in query.split("&"))


def clean_reading_request(environ):
    """Keep only the parameters pages read in a GET or HEAD outside the excluded paths (the
    admin, the account pages, sign-in callbacks: nothing there is cached, and their views read
    parameters of their own)."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return
    if environ.get("PATH_INFO", "").startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES):
        return
    query = environ.get("QUERY_STRING", "")
    if query:
        environ["QUERY_STRING"] = only_read(query, environ.get("PATH_INFO", ""))
