"""The web server: granian serving `masthead.wsgi`, with the app loaded once, before the
workers are forked.

    python -m masthead.core.web [--host 127.0.0.1] [--port 8000] [--workers 2]

`masthead serve` starts it. Loading Django, every URL module and the reading templates here
means each worker can answer the moment it is forked, instead of every worker importing the
whole project at the same time on a small machine (several seconds of cold start).
"""

import argparse
import gc
import multiprocessing
import os
import signal
import subprocess
import sys

# Each request thread keeps a database connection of its own: granian's default (hundreds of
# threads per worker under a surge) would exhaust PostgreSQL's connections, while with the GIL
# a few threads per process already keep the CPU busy. Further requests queue in granian.
THREADS = 8

# Templates every reader's first page needs: compiled once here, shared by every worker.
READING_TEMPLATES = (
    "news/home_page.html",
    "news/section_page.html",
    "news/article_page.html",
    "news/includes/card.html",
    "news/includes/story.html",
    "news/includes/article_meta.html",
)


def add_arguments(parser):
    """The web server's options, shared with `masthead serve`."""
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2, help="web server processes")
    parser.add_argument(
        "--threads",
        type=int,
        default=THREADS,
        help="request threads per web process (each keeps its own database connection)",
    )


def argv_for(host, port, workers, threads):
    return [
        *(sys.executable, "-m", __name__, "--host", host, "--port", str(port)),
        *("--workers", str(workers), "--threads", str(threads)),
    ]


started = None  # the web server `masthead serve` started before Django was set up


def start_early(serve_args):
    """Start the web server for `masthead serve` before the command sets Django up itself
    (the command then adopts it): the readers' first page waits for one Django start, not
    two. The options are parsed as the command parses them: by `add_arguments`."""
    global started  # noqa: PLW0603 - one server per process
    if "-h" in serve_args or "--help" in serve_args:
        return
    parser = argparse.ArgumentParser(add_help=False)
    add_arguments(parser)
    args, _ = parser.parse_known_args(serve_args)
    argv = argv_for(args.host, args.port, args.workers, args.threads)
    started = subprocess.Popen(argv)  # noqa: S603  # nosec B603 - our interpreter and module
    # Stopped before the command takes over its signals (Django still loading): leave by
    # `stop_early`, not with the web server left running on its own.
    signal.signal(signal.SIGTERM, _exit)


def _exit(signum, frame):
    raise SystemExit(128 + signum)


def stop_early():
    """Stop the early web server if `masthead serve` ended without doing so (a bad option)."""
    if started and started.poll() is None:
        started.terminate()
        started.wait(timeout=10)


def load_app():
    """Import the WSGI app, the URL modules and the reading templates; leave no connection
    open for the workers to share."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    from django.core.cache import close_caches
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver

    import masthead.wsgi  # noqa: F401 - Django set up, its middleware loaded

    get_resolver().url_patterns  # noqa: B018 - imports every URL module (and the admin's views)
    for name in READING_TEMPLATES:
        get_template(name)
    connections.close_all()
    close_caches()


def main(argv=None):
    from granian.constants import Interfaces
    from granian.server import Server

    parser = argparse.ArgumentParser(description="Masthead's web server (granian, WSGI).")
    add_arguments(parser)
    args = parser.parse_args(argv)
    if "fork" in multiprocessing.get_all_start_methods():
        # Granian forks when this is the start method: the workers inherit the loaded app.
        multiprocessing.set_start_method("fork", force=True)
    # Loading builds a few hundred thousand objects that all live for good: collecting while
    # it runs costs a fifth of the start. Frozen, they are never scanned again, and stay
    # shared between the forked workers instead of being copied by the collector's writes.
    gc.disable()
    load_app()
    gc.freeze()
    gc.enable()
    Server(
        "masthead.wsgi:application",
        address=args.host,
        port=args.port,
        interface=Interfaces.WSGI,
        workers=args.workers,
        blocking_threads=args.threads,
        backlog=2048,
        websockets=False,
    ).serve()


if __name__ == "__main__":
    main()
