import feedparser
import pytest

from masthead.demo import seed

pytestmark = pytest.mark.django_db

FEEDS = [
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/section/israel-and-the-region/rss/",
    "/feeds/section/israel-and-the-region/atom/",
    "/feeds/topic/iran/rss/",
    "/feeds/topic/iran/atom/",
    "/feeds/author/staff/rss/",
    "/feeds/author/staff/atom/",
]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
    return feed


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_are_valid_and_carry_excerpts(client, demo, url, make_article):
    make_article(
        title="Fresh story in Israel", section_slug="israel-and-the-region", topics=["iran"]
    )
    feed = parse(client, url)
    assert feed.entries, url
    for entry in feed.entries:
        assert entry.link.startswith("http://testserver/")
        assert entry.summary  # the standfirst
        assert entry.get("published") or entry.get("updated")


def test_section_feed_has_the_seed_article_with_its_standfirst_only(client, demo):
    feed = parse(client, "/feeds/section/israel-and-the-region/rss/")
    entry = next(e for e in feed.entries if e.title == seed.HEADLINE)
    assert entry.summary == seed.STANDFIRST
    assert seed.PARAGRAPHS_AFTER_PHOTO[0] not in str(entry)
    assert entry.author == "Staff writer"


def test_new_article_appears_first_in_the_site_feed(client, demo, make_article):
    article = make_article(title="Newest story of all")
    feed = parse(client, "/feeds/rss/")
    assert feed.entries[0].title == "Newest story of all"
    assert feed.entries[0].link == "http://testserver" + article.url


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/section/nope/rss/",
        "/feeds/topic/nope/atom/",
        "/feeds/author/nope/rss/",
        "/feeds/bogus/x/rss/",
    ],
)
def test_unknown_feed_is_404(client, demo, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/feeds/rss/", "/feeds/topic/iran/atom/", "/sitemap.xml", "/news-sitemap.xml"]
)
def test_feeds_and_sitemaps_are_kept_like_pages(client, demo, url):
    """A feed or a sitemap is the same for every reader: shared caches may keep it, the
    app's page cache answers it again (and serves it stale while the database is away), and a
    publish drops it with the listings."""
    first = client.get(url)
    assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]
    assert first["X-Page-Cache"] == "MISS"
    second = client.get(url)
    assert second["X-Page-Cache"] == "HIT" and second.content == first.content


def test_new_article_reaches_the_kept_feed_at_once(client, demo, make_article):
    client.get("/feeds/rss/")
    make_article(title="Published after the feed was kept")
    assert b"Published after the feed was kept" in client.get("/feeds/rss/").content
