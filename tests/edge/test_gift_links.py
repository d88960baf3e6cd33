"""A gift link through nginx: its reader gets the whole story from a response nothing keeps,
and the next anonymous reader of the story (or of the link) never gets the gifted text."""

import urllib.error
import urllib.request

import pytest

from tests.edge.test_nginx import ARTICLE, CANARY
from tests.live_site import site_shell

pytestmark = pytest.mark.edge


@pytest.fixture
def fetch(edge):
    """GET through nginx by the site's public name (which nginx's cache keys on), no cookie."""

    def get(address):
        request = urllib.request.Request(edge["url"] + address, headers={"Host": edge["host"]})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers, response.read().decode()

    return get


def give_seed_story(site, opens):
    """A member's gift link to the seed story, opening in `opens` browsers: its path."""
    return site_shell(
        site,
        f"""
from masthead.accounts.models import Member
from masthead.demo.services import SEED_SLUG
from masthead.news.models import ArticlePage
from masthead.sharing import services
member = Member.objects.get_or_create(email="edge-giver@example.com")[0]
gift = services.give(member, ArticlePage.objects.get(slug=SEED_SLUG))
gift.max_opens = {opens}
gift.save()
print(services.path_for(gift))
""",
    )


def test_the_gifted_text_is_never_served_to_the_next_anonymous_reader(site, fetch):
    story = ARTICLE
    fetch(story)
    headers, body = fetch(story)
    assert CANARY not in body and headers["X-Edge-Cache"] in ("FILE", "HIT")

    path = give_seed_story(site, opens=1)
    headers, body = fetch(path)
    assert CANARY in body and "A member has given you this story." in body
    assert "private" in headers["Cache-Control"] and "no-store" in headers["Cache-Control"]
    assert headers["X-Edge-Cache"] == "BYPASS" and "X-Page-Cache" not in headers

    # The story's address: still the anonymous page, shared (whether nginx still holds it
    # depends on the demo's own publishes purging it meanwhile).
    for _ in range(2):
        headers, body = fetch(story)
        assert CANARY not in body and "Register for free" in body
        assert "public" in headers["Cache-Control"]
    # The token as a query string no page reads is the anonymous page too.
    token = path.strip("/").split("/")[-1]
    headers, body = fetch(f"{story}?gift={token}")
    assert CANARY not in body

    # The same link from another browser: nginx kept nothing, the app counts it exhausted.
    headers, body = fetch(path)
    assert CANARY not in body
    assert "already been opened as many times as it allows" in body
    assert headers["X-Edge-Cache"] == "BYPASS"


def test_a_forged_gift_link_through_nginx_gets_the_lead_in_and_why(site, fetch):
    path = give_seed_story(site, opens=5)
    forged = path.rstrip("/")[:-3] + "abc/"
    headers, body = fetch(forged)
    assert CANARY not in body and "This gift link is not valid" in body
    assert "no-store" in headers["Cache-Control"]
    with pytest.raises(urllib.error.HTTPError) as missing:
        fetch("/gift/nothing-here/")
    assert missing.value.code == 404
