"""Query parameters that never change a page: campaign and click ids added by newsletters,
social networks and ad platforms (`utm_*`, `fbclid`, `gclid`, …).

They are removed from a reading request's query string before anything else sees it, so a
shared link with a fresh `?utm_source=` per reader is the same page to the app's page cache,
to the page files and to Django. Otherwise every such request would miss every cache and
render: a few hundred of them a second starve the readers of a cached story. nginx's
configuration (`deploy/nginx/masthead.conf`, map `$masthead_query`) drops the same names for
its own cache key and page files; a test keeps the two lists equal.
"""

from urllib.parse import unquote_plus

from django.conf import settings

# Exact names; any name starting with `utm_` too.
IGNORED = frozenset(
    (
        "fbclid",
        "gclid",
        "gbraid",
        "wbraid",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
    )
)
IGNORED_PREFIX = "utm_"


def ignored(name):
    return name in IGNORED or name.startswith(IGNORED_PREFIX)


def without_ignored(query_string):
    """The query string without its ignored parameters; the others keep their bytes and
    order."""
    if not query_string:
        return query_string
    kept = [
        part
        for part in query_string.split("&")
        if part and not ignored(unquote_plus(part.split("=", 1)[0]))
    ]
    return "&".join(kept)


def clean_reading_request(environ):
    """Drop the ignored parameters of a GET or HEAD outside the excluded paths (the admin,
    the account pages: nothing there is cached, and a form may echo what it was given)."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return
    if environ.get("PATH_INFO", "").startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES):
        return
    query = environ.get("QUERY_STRING", "")
    if query:
        environ["QUERY_STRING"] = without_ignored(query)
