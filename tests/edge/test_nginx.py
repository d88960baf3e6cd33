"""nginx really in front: anonymous pages come from its cache, members' never cross over."""

import time
import urllib.request

import pytest

from masthead.demo import seed
from tests.live_site import member_session, site_shell

pytestmark = pytest.mark.edge

ARTICLE = "/israel-and-the-region/netanyahu-holds-talks-with-russian-officials-on-syria-friction/"
CANARY = seed.PARAGRAPHS_AFTER_PHOTO[-1][:60]  # the seed's last paragraph is behind the wall


HOST = {}


@pytest.fixture(autouse=True)
def public_host(edge):
    # Readers reach nginx by the site's public name (SITE_URL), which the cache keys on.
    HOST["value"] = edge["host"]


def fetch(url, cookie=None):
    headers = {"Host": HOST["value"]}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode()


def test_member_warms_first_then_anonymous_never_sees_the_gated_text(site, edge):
    cookie = f"sessionid={member_session(site)}"
    url = edge["url"] + ARTICLE + "?warm=member-first"
    headers, body = fetch(url, cookie)
    assert CANARY in body and headers["X-Edge-Cache"] == "BYPASS"
    for _ in range(2):
        headers, body = fetch(url)
        assert CANARY not in body and "Register for free" in body
    assert headers["X-Edge-Cache"] == "HIT"


def test_anonymous_warms_first_then_the_member_still_reads_everything(site, edge):
    url = edge["url"] + ARTICLE + "?warm=anonymous-first"
    fetch(url)
    headers, body = fetch(url)
    assert headers["X-Edge-Cache"] == "HIT" and CANARY not in body
    headers, body = fetch(url, f"sessionid={member_session(site, 'second@example.com')}")
    assert CANARY in body and "Register for free" not in body
    assert "private" in headers["Cache-Control"]


def test_static_files_are_fingerprinted_and_cached_for_a_year(edge):
    _, page = fetch(edge["url"] + "/")
    css = page.split('rel="stylesheet" href="')[1].split('"')[0]
    assert css.startswith("/static/masthead/site.") and css.count(".") >= 2
    headers, _ = fetch(edge["url"] + css)
    assert "max-age=31536000" in headers["Cache-Control"]


PUBLISH = """
from masthead.news.models import ArticlePage, SectionPage, Author
section = SectionPage.objects.get(slug="world")
article = ArticlePage(title={title!r}, slug="edge-purge-story", standfirst="Fresh.",
                      body=[("paragraph", "<p>Fresh news.</p>")], live=False)
section.add_child(instance=article)
article.bylines.create(author=Author.objects.get(slug="staff"))
article.save_revision().publish()
"""


def test_publishing_purges_the_front_page_from_nginx(site, edge):
    """The front page is cached by nginx; a publish sends PURGE through the task worker, and
    the next reader gets the new front page long before the cached copy would expire."""
    fetch(edge["url"] + "/")
    headers, _ = fetch(edge["url"] + "/")
    assert headers["X-Edge-Cache"] == "HIT"
    title = "Edge purge: a story published now"
    site_shell(site, PUBLISH.format(title=title))
    deadline = time.monotonic() + 30  # the worker polls its queue; wait for it, bounded
    while time.monotonic() < deadline:
        headers, body = fetch(edge["url"] + "/")
        if title in body:
            break
        time.sleep(0.5)
    assert title in body, "the front page stayed stale in nginx after a publish"
    assert int(headers.get("Age", 0) or 0) < 300
