"""Anonymous pages written as files, for nginx in front to serve without asking the app.

nginx's `proxy_cache` spends about a third more CPU on each hit than on a static file (it
hashes the key, locks its shared memory and parses the stored headers again every time). With
`EDGE_PAGES_DIR` set, every anonymous HTML page the app stores in, or serves from, its page
cache is also written to `<EDGE_PAGES_DIR>/<scheme>/<host>/<path>/index.html`, and
deploy/nginx/masthead.conf serves that file to readers without a session cookie (GET or HEAD,
no query string) as a static file, with the same headers. Everything else goes through
`proxy_cache` to the app as before.

A file is the page an anonymous reader gets from the page cache, so it holds no more than
that page: never a member's page, nor one with a query string, a nonce, a cookie or headers
the edge would not repeat. Files go when a publish purges their address (`PageFilesBackend`,
in the task worker, like nginx's PURGE) and at the latest `PAGE_CACHE_SHARED_SECONDS` after
they were written (`masthead edge_pages_sweep`, which the scheduler runs every minute). nginx
and the app must see the same folder: nginx runs on the app's machine or shares its volume.
"""

import logging
import os
import re
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from . import clock, generation

logger = logging.getLogger(__name__)

FILE_NAME = "index.html"
SAFE_HOST = re.compile(r"[a-z0-9][a-z0-9.-]{0,252}")
# A decoded path: segments of letters, digits, `-`, `_`, `~`, inner dots and any non-ASCII
# letter (a Hebrew or Arabic slug), each ending in `/` (Wagtail's addresses do). No `.` or `..`
# segment, no `%`, no control character: nothing nginx would read otherwise.
SAFE_PATH = re.compile(r"/(?:[\w~-][\w.~-]*/)*")
# The headers of an anonymous page that nginx repeats for its file (the config's add_header
# lines); HSTS is the TLS server's own. Any other header keeps the page off the disk.
EDGE_HEADERS = {
    "content-type",
    "cache-control",
    "vary",
    "x-frame-options",
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "strict-transport-security",
}
# Headers made for each response or by each cache, not part of the page.
PER_RESPONSE = {"content-length", "date", "server", "x-page-cache", "x-request-id", "cache-tag"}
# After a failed write (a full or read-only disk), this process writes nothing for a while:
# a warning a minute, not one per request.
RETRY_AFTER_FAILURE = 60
_failed_until = 0.0


@generation.forgotten_by_forget_all
def _forget_failure():
    global _failed_until
    _failed_until = 0.0


def enabled():
    return bool(settings.EDGE_PAGES_DIR)


def root():
    return Path(settings.EDGE_PAGES_DIR) if enabled() else None


def file_for(scheme, host, path):
    """The file nginx looks for at this address, or None when it is never served from a file.
    `host` as nginx's `$host`: lowercase, without the port; `path` decoded, as Django's
    `request.path_info` (its UTF-8 is the name nginx looks for: the decoded `$uri`). The scheme
    keeps an HTTPS page from ever answering a plain HTTP request, which the app would redirect."""
    base = root()
    host = host.lower()
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if (
        base is None
        or scheme not in ("http", "https")
        or not SAFE_HOST.fullmatch(host)
        or not SAFE_PATH.fullmatch(path)
    ):
        return None
    return base / scheme / host / path.lstrip("/") / FILE_NAME


def may_serve(headers, cacheability):
    """Whether nginx, adding only its own fixed headers, would serve this page exactly as the
    app does: shared with every anonymous reader for the standard time (`core.caching`), HTML,
    no nonce in its policy, nothing else."""
    if not cacheability.shared or cacheability.shared_seconds:
        return False
    found = {name.lower(): value for name, value in headers}
    if set(found) - PER_RESPONSE - EDGE_HEADERS:
        return False
    return found.get("content-type", "").startswith("text/html") and "'nonce-" not in found.get(
        "content-security-policy", ""
    )


def target(address, query, headers, cacheability):
    """The file for this anonymous request's page, or None when it gets none. `address` is
    the request's (scheme, host, path), as the page cache reads them; `query` its query string."""
    if root() is None or query or not may_serve(headers, cacheability):
        return None
    return file_for(*address)


def write(path, content, rendered_at=None):
    """Replace the file at once: nginx never sends a half-written page. Its time is when the
    page was rendered, which the sweep and the Last-Modified header go by."""
    global _failed_until
    if time.monotonic() < _failed_until:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
            os.chmod(temporary, 0o644)  # nginx's workers run as another user
            if rendered_at is not None:
                os.utime(temporary, (rendered_at, rendered_at))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:  # a full or read-only disk costs speed, never the page
        _failed_until = time.monotonic() + RETRY_AFTER_FAILURE
        logger.warning(
            "could not write the edge file %s (%s); trying again in %d s",
            path,
            error,
            RETRY_AFTER_FAILURE,
        )


def keep(address, query, headers, content, cacheability):
    """Write the page rendered for this request (a fresh render: it replaces the file)."""
    if (path := target(address, query, headers, cacheability)) is not None:
        write(path, content)


def keep_missing(address, query, headers, content, rendered_at, cacheability):
    """Write the page served from the app's cache, unless its file is there already. It keeps
    the time it was rendered: the file lasts no longer than the page would in a shared cache."""
    path = target(address, query, headers, cacheability)
    if path is not None and not path.exists():
        write(path, content, rendered_at)


def remove(path):
    """Delete the files of `path` (decoded) under every scheme and host."""
    base = root()
    if base is None or not SAFE_PATH.fullmatch(path) or not base.is_dir():
        return 0
    removed = 0
    for host in base.glob("*/*/"):
        try:
            (host / path.lstrip("/") / FILE_NAME).unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def sweep():
    """Delete every file older than the shared caches may keep a page; returns how many."""
    base = root()
    if base is None or not base.is_dir():
        return 0
    oldest = clock.timestamp() - settings.PAGE_CACHE_SHARED_SECONDS
    removed = 0
    for folder, _, files in os.walk(base):
        for name in files:
            path = Path(folder, name)
            try:
                if path.stat().st_mtime < oldest:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # purged meanwhile
                pass
    return removed


class PageFilesBackend(BaseBackend):
    """Wagtail's front-end cache backend for the files: a purge deletes them."""

    def purge(self, url):
        remove(unquote(urlsplit(url).path or "/"))  # a page's address, as an IRI or encoded
