"""Old WordPress addresses through nginx: a reader's old link gets one 301, then the new home
answers 200, the second time too (nginx's cache, the page files and the app's page cache in
between)."""

import urllib.error
import urllib.request

import pytest

from tests.edge.test_nginx import ARTICLE
from tests.live_site import site_shell

pytestmark = pytest.mark.edge

RECORD = """
from datetime import UTC, datetime
from masthead.demo.services import SEED_SLUG
from masthead.news.models import ArticlePage, Author, SectionPage, Topic
from masthead.wordpress import redirects
from masthead.wordpress.models import ImportedItem
site = "https://old-news.example"
moment = datetime(2008, 9, 2, tzinfo=UTC)
homes = {
    ("post", 123, "/2008/09/02/golan-talks/", ""): {"page": ArticlePage.objects.get(slug=SEED_SLUG)},
    ("category", 7, "", "world-news"): {"page": SectionPage.objects.get(slug="world")},
    ("tag", 9, "", "golan"): {"content_object": Topic.objects.get_or_create(
        slug="golan", defaults={"name": "Golan"})[0]},
    ("author", 3, "", "maya.cohen"): {"content_object": Author.objects.get_or_create(
        slug="maya-cohen", defaults={"name": "Maya Cohen"})[0]},
}
redirects.record_site(site)
for (kind, wp_id, link, slug), home in homes.items():
    item, _ = ImportedItem.objects.update_or_create(
        source_site=site, kind=kind, wp_id=wp_id,
        defaults={"old_url": site + link if link else "", "slug": slug, "imported_at": moment,
                  "updated_at": moment, **home},
    )
    redirects.record(item)
print("recorded")
"""


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


@pytest.fixture(scope="module")
def recorded(site):
    assert site_shell(site, RECORD) == "recorded"


@pytest.fixture
def get(edge):
    """GET through nginx by the site's public name, no cookie, redirects not followed."""

    def fetch(address):
        request = urllib.request.Request(edge["url"] + address, headers={"Host": edge["host"]})
        try:
            with OPENER.open(request, timeout=10) as response:
                return response.status, response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.headers

    return fetch


def follow(get, old):
    status, headers = get(old)
    assert status == 301, (old, status)
    location = headers["Location"]
    assert get(location)[0] == 200, (old, location)
    return location


PATHS = {
    "/2008/09/02/golan-talks/": ARTICLE,
    "/2008/09/02/golan-talks/feed/": ARTICLE,
    "/category/world-news/": "/world/",
    "/category/world-news/feed/": "/feeds/section/world/rss/",
    "/tag/golan/": "/topics/golan/",
    "/tag/golan/feed/atom/": "/feeds/topic/golan/atom/",
    "/author/maya-cohen/": "/authors/maya-cohen/",
    "/feed/": "/feeds/rss/",
    "/comments/feed/": "/feeds/rss/",
}


def test_old_paths_answer_301_then_200_through_nginx_twice(recorded, get):
    """Each old path leads to its new home, and again once nginx and the app have kept what
    they keep."""
    for _ in range(2):
        for old, new in PATHS.items():
            assert follow(get, old) == new, old


def test_the_front_page_is_still_the_front_page(recorded, get):
    """The root and a campaign-tagged root stay the front page, as files or from the cache."""
    for address in ("/", "/", "/?utm_source=x"):
        status, headers = get(address)
        assert status == 200 and headers["X-Edge-Cache"] in ("FILE", "HIT", "MISS", "EXPIRED")


def test_query_addresses_answer_301_through_nginx_with_the_front_page_cached(recorded, get):
    """`/?p=123` (and `?cat=`, `?tag=`, `?author=`) lead to their new homes through nginx,
    even once the front page is a file and in every cache."""
    for _ in range(2):
        get("/")
    for _ in range(2):
        assert follow(get, "/?p=123") == ARTICLE
        assert follow(get, "/?cat=7") == "/world/"
        assert follow(get, "/?tag=golan") == "/topics/golan/"
        assert follow(get, "/?author=3") == "/authors/maya-cohen/"
