"""The web server: granian serving `masthead.wsgi`, with the app loaded once, before the
workers are forked.

    python -m masthead.core.web [--host 127.0.0.1] [--port 8000] [--workers 2]

`masthead serve` starts it. Loading Django, every URL module and the reading templates here
means each worker can answer the moment it is forked, instead of every worker importing the
whole project at the same time on a small machine (several seconds of cold start).
"""

import argparse
import ctypes
import gc
import multiprocessing
import os
import signal
import subprocess
import sys
import threading

from masthead.core import ports, processes

# Each request thread keeps a database connection of its own: granian's default (hundreds of
# threads per worker under a surge) would exhaust PostgreSQL's connections, while with the GIL
# a few threads per process already keep the CPU busy. Further requests queue in granian.
THREADS = 8

# Seconds a web worker has to finish its requests once asked to stop: granian then kills it
# (a worker stuck where no signal reaches it would otherwise hold the stop, and the port).
WORKER_STOP_GRACE = 5
# Seconds `masthead serve` gives all its processes to stop before it kills what is left.
STOP_GRACE = 7

PR_SET_PDEATHSIG = 1  # linux/prctl.h

# Templates every reader's first page needs: compiled once here, shared by every worker.
READING_TEMPLATES = (
    "news/home_page.html",
    "news/section_page.html",
    "news/article_page.html",
    "news/includes/card.html",
    "news/includes/story.html",
    "news/includes/article_meta.html",
)


def port_number(text):
    """An argparse type: a TCP port (1-65535)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1 to 65535)")
    return port


def positive(text):
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is too small (at least 1)")
    return number


def add_arguments(parser):
    """The web server's options, shared with `masthead serve`."""
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=port_number, default=8000)
    parser.add_argument("--workers", type=positive, default=2, help="web server processes")
    parser.add_argument(
        "--threads",
        type=positive,
        default=THREADS,
        help="request threads per web process (each keeps its own database connection)",
    )


def argv_for(host, port, workers, threads):
    return [
        *(sys.executable, "-m", __name__, "--host", host, "--port", str(port)),
        *("--workers", str(workers), "--threads", str(threads)),
    ]


def start(argv):
    """Start one of `serve`'s processes in a process group of its own: a terminal's Ctrl-C
    (or hangup) then reaches `serve` alone, which stops them all in order, instead of every
    process receiving it at the same moment (granian's workers even while being forked)."""
    return subprocess.Popen(argv, process_group=0)  # noqa: S603  # nosec B603 - our own modules


def check_ports(host, port, mail_catcher_port=None):
    """Raise ports.PortTaken when the web server's or the mail catcher's port is in use."""
    ports.check_free(host, port, "web server")
    if mail_catcher_port:
        ports.check_free("127.0.0.1", mail_catcher_port, "mail catcher")


def mail_catcher_port(no_mail_catcher):
    """The port `serve` will start the mail catcher on, or None when it starts none."""
    from django.conf import settings

    return None if no_mail_catcher or not settings.DEMO_MODE else settings.MAIL_CATCHER_PORT


class _QuietParser(argparse.ArgumentParser):
    def error(self, message):
        raise ValueError(message)


started = None  # the web server `masthead serve` started before Django was set up


def start_early(serve_args):
    """Start the web server for `masthead serve` before the command sets Django up itself
    (the command then adopts it): the readers' first page waits for one Django start, not
    two. The options are parsed as the command parses them: by `add_arguments`; with a bad
    option nothing starts here, and the command reports it."""
    global started  # noqa: PLW0603 - one server per process
    if "-h" in serve_args or "--help" in serve_args:
        return
    parser = _QuietParser(add_help=False)
    add_arguments(parser)
    parser.add_argument("--no-mail-catcher", action="store_true")
    try:
        args, _ = parser.parse_known_args(serve_args)
    except ValueError:
        return
    try:
        mail_port = mail_catcher_port(args.no_mail_catcher)
    except Exception:  # noqa: BLE001 - a bad configuration: the command reports it next
        mail_port = None
    try:
        check_ports(args.host, args.port, mail_port)
    except ports.PortTaken as error:
        sys.stderr.write(f"masthead serve: {error}\n")
        sys.exit(1)
    processes.become_subreaper()
    # Stopped before the command takes over its signals (Django still loading): leave by
    # `stop_early`, not with the web server left running on its own.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit)
    started = start(argv_for(args.host, args.port, args.workers, args.threads))


def _exit(signum, frame):
    raise SystemExit(128 + signum)


def stop_early():
    """Stop the early web server if `masthead serve` ended without doing so (a bad option,
    a stop while Django was loading)."""
    if started and started.poll() is None:
        force = threading.Event()  # a second Ctrl-C kills what is left at once
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, lambda signum, frame: force.set())
        processes.stop_tree([started], STOP_GRACE, force=force)


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
    _stop_with_parent()
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
        workers_kill_timeout=WORKER_STOP_GRACE,
    ).serve()


def _stop_with_parent():
    """Linux: receive SIGTERM when `masthead serve` dies, even killed, so the web server does
    not outlive it holding the port."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


if __name__ == "__main__":
    main()
