"""Surges: many readers missing the same page at once cause one render, not one each.

The readers are threads calling the site's real WSGI application (masthead.wsgi), each on
its own database connection, reading the demo content committed at session start. Renders
are counted with Django's `template_rendered` signal, never timed.
"""

import threading
import time
import wsgiref.util

import pytest
from django.test.signals import template_rendered

from tests import factories

pytestmark = pytest.mark.django_db

READERS = 8


@pytest.fixture(scope="module", autouse=True)
def site_settings(django_db_setup, django_db_blocker):
    """The rows a first render would create, committed before readers race: with SQLite
    a reader's write waits on the test's own open transaction."""
    from masthead.access.models import AccessSettings

    with django_db_blocker.unblock():
        AccessSettings.load()


@pytest.fixture
def renders():
    """How many times the article template is rendered while the test runs."""
    count = []

    def counted(sender, template, **kwargs):
        if template.name == "news/article_page.html":
            count.append(1)

    template_rendered.connect(counted)
    yield count
    template_rendered.disconnect(counted)


def get(path):
    """One reader, in a thread of its own (so on its own database connection)."""
    return at_once(path, count=1)[0]


def request(path):
    from django.db import connection

    from masthead.wsgi import application

    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
    wsgiref.util.setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, dict(headers)

    try:
        answer["body"] = b"".join(application(environ, start_response))
    finally:
        connection.close()
    return answer


def at_once(path, count=READERS, answers=None):
    """`count` readers asking for `path` at the same moment (their answers in `answers`)."""
    barrier = threading.Barrier(count)
    answers = [] if answers is None else answers

    def read():
        barrier.wait()
        answers.append(request(path))

    threads = [threading.Thread(target=read) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == count
    return answers


def test_concurrent_misses_render_the_page_once(demo, renders):
    """Eight readers missing the same article at once: one render, the same page for all."""
    answers = at_once(demo["seed"].url)
    assert len(renders) == 1
    assert {a["status"] for a in answers} == {"200 OK"}
    assert len({a["body"] for a in answers}) == 1
    states = sorted(a["headers"]["X-Page-Cache"] for a in answers)
    assert states == ["HIT"] * (READERS - 1) + ["MISS"]


def test_a_stale_page_is_served_while_one_reader_renders_it(demo, renders, clock, settings):
    """Past its freshness the page is rendered again once, and the others get the stale copy."""
    url = demo["seed"].url
    assert get(url)["headers"]["X-Page-Cache"] == "MISS"
    clock.advance(settings.PAGE_CACHE_SHARED_SECONDS + 1)  # stale, within the stale window
    answers = []

    def render_outlasts_the_others(sender, template, **kwargs):
        # The one render holds until every other reader has its answer: however the threads
        # are scheduled, they all meet the page while it is being rendered again.
        deadline = time.monotonic() + 10
        while template.name == "news/article_page.html" and len(answers) < READERS - 1:
            if time.monotonic() > deadline:
                break
            time.sleep(0.01)

    template_rendered.connect(render_outlasts_the_others)
    try:
        at_once(url, answers=answers)
    finally:
        template_rendered.disconnect(render_outlasts_the_others)
    assert len(renders) == 2
    states = [a["headers"]["X-Page-Cache"] for a in answers]
    assert states.count("MISS") == 1 and "STALE" in states
    assert {a["status"] for a in answers} == {"200 OK"}


def test_a_fresh_page_is_served_by_the_wsgi_short_circuit(demo, renders):
    """A fresh anonymous page is answered by the WSGI layer with the headers it was stored with."""
    url = demo["seed"].url
    first = get(url)
    second = get(url)
    assert len(renders) == 1
    assert second["headers"]["X-Page-Cache"] == "HIT" and second["body"] == first["body"]
    for header in ("Cache-Control", "Cache-Tag", "Content-Type", "X-Content-Type-Options"):
        assert second["headers"][header] == first["headers"][header]
    assert second["headers"]["X-Request-ID"] != first["headers"]["X-Request-ID"]


def test_a_page_rendered_before_a_publish_commits_is_not_served_after_it(
    client, demo, django_capture_on_commit_callbacks
):
    """Publishing purges at once and again on commit: no page of the old state survives."""
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_article(title="Published during a render")
        # A render between the purge and the commit is stored under the new generation…
        assert client.get("/")["X-Page-Cache"] == "MISS"
        assert client.get("/")["X-Page-Cache"] == "HIT"
    # …and forgotten once the publish is committed.
    assert client.get("/")["X-Page-Cache"] == "MISS"
