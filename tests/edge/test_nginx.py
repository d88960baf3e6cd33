"""nginx really in front: anonymous pages come from its cache, members' never cross over."""

import urllib.request

import pytest

from masthead.demo import seed
from tests.live_site import member_session

pytestmark = pytest.mark.edge

ARTICLE = "/israel-and-the-region/netanyahu-holds-talks-with-russian-officials-on-syria-friction/"
CANARY = seed.PARAGRAPHS_AFTER_PHOTO[-1][:60]  # the seed's last paragraph is behind the wall


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
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
