"""A running Masthead for tests that need the real thing: `masthead serve` (granian, task
worker, mail catcher) on a fresh SQLite data folder."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def fresh_postgres_database(url):
    """Drop and create the PostgreSQL database named in `url`; return `url`."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """A running Masthead with the demo loaded; yields its base URL and environment."""
    with running_site(tmp_path_factory.mktemp("site")) as running:
        yield running


@contextlib.contextmanager
def running_site(data_dir, database_url=None, **settings):
    """Migrate, load the demo and serve from `data_dir` (on `database_url` when given, with
    `settings` as extra environment variables)."""
    port, mail_port, edge_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "MASTHEAD_DATA_DIR": str(data_dir),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_port}",
        "MAIL_CATCHER_PORT": str(mail_port),
        # nginx of the edge suite, when it runs, takes PURGE requests here.
        "FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{edge_port}",
        # ...and serves the anonymous pages the app writes here as files.
        "EDGE_PAGES_DIR": str(data_dir / "edge-pages"),
        "MASTHEAD_TESTING": "0",
        **settings,
    }
    for name in ("DATABASE_URL", "REDIS_URL", "MASTHEAD_TESTING"):
        env.pop(name, None)
    if database_url:
        env["DATABASE_URL"] = database_url
    elif live_db := os.environ.get("MASTHEAD_LIVE_DATABASE_URL"):
        env["DATABASE_URL"] = fresh_postgres_database(live_db)
    masthead = [sys.executable, "-m", "masthead"]
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["collectstatic", "--no-input", "-v0"],
        ["demo", "--quiet"],
    ):
        subprocess.run(masthead + command, env=env, check=True, capture_output=True)
    log = open(data_dir / "serve.log", "wb")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        masthead + ["serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a loaded machine starts slowly
    while True:
        try:
            urllib.request.urlopen(base + "/health/live", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError((data_dir / "serve.log").read_text()) from None
            time.sleep(0.2)
    # The mail catcher starts once the web answers: a test may send mail at once.
    while not _listening(mail_port):
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise RuntimeError((data_dir / "serve.log").read_text())
        time.sleep(0.1)
    credentials = json.loads((data_dir / "demo-credentials.json").read_text())
    try:
        yield {
            "url": base,
            "data_dir": data_dir,
            "credentials": credentials,
            "env": env,
            "edge_port": edge_port,
        }
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()


def member_session(site, email="edge-reader@example.com"):
    """Sign a member in directly in the site's database; return the session cookie value."""
    code = f"""
from django.conf import settings
from importlib import import_module
from masthead.accounts.models import Member
member = Member.objects.get_or_create(email={email!r})[0]
store = import_module(settings.SESSION_ENGINE).SessionStore()
store["_auth_user_id"] = str(member.pk)
store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
store["_auth_user_hash"] = member.get_session_auth_hash()
store.create()
print(store.session_key)
"""
    return site_shell(site, code)


def site_shell(site, code):
    """Run Python in the running site's environment (`masthead shell`); return the last
    line it printed."""
    result = subprocess.run(
        [sys.executable, "-m", "masthead", "shell", "-c", code],
        env=site["env"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
