import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return root, [loc.text for loc in root.findall("s:url/s:loc", NS)]


def test_sitemap_lists_articles_and_sections(client, demo):
    _, urls = locations(client, "/sitemap.xml")
    assert "http://testserver" + demo["seed"].url in urls
    assert "http://testserver/world/" in urls


def test_news_sitemap_has_the_last_48_hours_only(client, demo, make_article):
    fresh = make_article(title="Fresh news")
    root, urls = locations(client, "/news-sitemap.xml")
    assert "http://testserver" + fresh.url in urls
    assert "http://testserver" + demo["seed"].url not in urls  # published in 2019
    titles = [t.text for t in root.iter(f"{{{NS['n']}}}title")]
    assert "Fresh news" in titles


def test_robots_txt_points_to_both_sitemaps(client, demo):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text
