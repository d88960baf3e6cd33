"""PostgreSQL stops during traffic: cached pages keep being served, pages that need the
database answer a designed 503 with Retry-After, and the site recovers by itself when the
database returns. The database is a throwaway cluster the test creates, starts and stops
(never the machine's shared server); the site is the real `masthead serve`."""

import glob
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.live_site import free_port, member_session, running_site, site_shell

pytestmark = pytest.mark.outage


class ThrowawayPostgres:
    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            pytest.fail("PostgreSQL server binaries are missing (Debian: postgresql)")
        self.bindir = Path(found[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="masthead-pg-", dir="/tmp"))
        self.root.chmod(0o755)
        self.data = self.root / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/masthead"

    def _as_postgres(self, *argv):
        # The server refuses to run as root: run it as the postgres user when we are root.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *argv], check=True, capture_output=True)

    def create(self):
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
        self._as_postgres(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        self.start()
        self._as_postgres(
            str(self.bindir / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "masthead",
        )

    def start(self):
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.data / "log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self):
        self._as_postgres(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"
        )

    def destroy(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def postgres():
    server = ThrowawayPostgres()
    try:
        server.create()
        yield server
    finally:
        server.destroy()


def seed_path(site):
    code = (
        "from masthead.demo.services import SEED_SLUG; from masthead.news.models import "
        "ArticlePage; print(ArticlePage.objects.get(slug=SEED_SLUG).url)"
    )
    return site_shell(site, code)


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_a_database_outage_serves_stale_pages_a_designed_503_and_recovers(postgres, tmp_path):
    # Pages go stale at once, so what follows is served because of the outage, not freshness.
    with running_site(tmp_path / "site", postgres.url, PAGE_CACHE_SHARED_SECONDS="0") as site:
        base = site["url"]
        article = base + seed_path(site)
        status, _, body = fetch(article)
        assert status == 200, body[:500]
        headline = body.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0]
        session = "sessionid=" + member_session(site)
        assert fetch(base + "/account/", session)[0] == 200
        status, _, feed = fetch(base + "/feeds/rss/")
        assert status == 200 and headline.split("&")[0][:30] in feed

        postgres.stop()

        # Feeds are kept like pages: readers' apps keep getting them.
        status, headers, body = fetch(base + "/feeds/rss/")
        assert status == 200, body[:300]
        assert headers["X-Page-Cache"] == "STALE-IF-ERROR" and body == feed

        status, headers, body = fetch(article)
        assert status == 200
        assert headers["X-Page-Cache"] == "STALE-IF-ERROR", body[:300]
        assert headline in body

        for url, cookie in ((base + "/search/?q=golan", None), (base + "/account/", session)):
            status, headers, body = fetch(url, cookie)
            assert status == 503, (url, body[:300])
            assert headers["Retry-After"] == "30"
            assert "back in a moment" in body
            assert "no-store" in headers["Cache-Control"] or "max-age=0" in headers["Cache-Control"]

        status, _, body = fetch(base + "/health/ready")
        assert status == 503 and '"database": {"status": "error"' in body

        postgres.start()
        deadline = time.monotonic() + 60
        while fetch(base + "/account/", session)[0] != 200:
            assert time.monotonic() < deadline, "the site did not recover after PostgreSQL returned"
            time.sleep(0.5)
        status, headers, _ = fetch(article)
        assert status == 200 and headers.get("X-Page-Cache") != "STALE-IF-ERROR"
