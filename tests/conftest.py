from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client

from tests import factories


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo content once per test database; each test then runs in a rolled-back transaction."""
    from masthead.demo.services import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches: a page cached by one test never answers another,
    nor rows a process keeps (sites, private pages) a test that rolled them back."""
    from django.core.cache import cache

    from masthead.core import generation

    cache.clear()
    generation.forget_all()


@pytest.fixture
def demo(db):
    from masthead.demo.services import SEED_SLUG
    from masthead.news.models import ArticlePage, HomePage

    return {
        "home": HomePage.objects.get(),
        "seed": ArticlePage.objects.get(slug=SEED_SLUG),
    }


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def editor(db):
    from masthead.accounts.models import Member

    return Member.objects.get(email="editor@masthead.localhost")


@pytest.fixture
def reporter(db):
    from masthead.accounts.models import Member

    return Member.objects.get(email="reporter@masthead.localhost")


@pytest.fixture
def make_article(db):
    return factories.make_article


class StoppedClock:
    """The project's clock (`masthead.core.clock`) held at one moment until the test moves it."""

    def __init__(self, moment):
        self.moment = moment

    def now(self):
        return self.moment

    def set(self, moment):
        """Go to `moment` (an aware datetime), forwards or back."""
        if moment.utcoffset() is None:
            raise ValueError("the clock tells aware times")
        self.moment = moment

    def advance(self, by=0, /, **units):
        """Move on by `by` (seconds, or a timedelta) and by `units` (`minutes=31`, `days=1`)."""
        step = by if isinstance(by, timedelta) else timedelta(seconds=by)
        self.moment += step + timedelta(**units)


@pytest.fixture
def clock(monkeypatch):
    """Time stands still for Masthead while the test runs, from the moment it starts, and moves
    only when the test moves it: `clock.advance(301)`, `clock.set(moment)`, `clock.now()`.

    It moves what reads `masthead.core.clock` (replacing its `now()`, the one seam made for
    this; `timestamp()` follows), in every thread; not Django's own times (sessions, signed
    values, `default=timezone.now` fields), nor monotonic waits. Code that waits for the
    clock to pass with a real sleep needs the test to advance it.
    """
    from masthead.core import clock as project_clock

    stopped = StoppedClock(project_clock.now())
    monkeypatch.setattr(project_clock, "now", stopped.now)
    return stopped


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, one for the whole run: the browser suite's and
    the edge suite's tests share it (a second Playwright in one process is refused)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
