import json

import pytest
from bs4 import BeautifulSoup

from masthead.demo import seed

pytestmark = pytest.mark.django_db


def page_of(client, url):
    return BeautifulSoup(client.get(url).content, "html.parser")


def json_ld(page):
    return json.loads(page.select_one('script[type="application/ld+json"]').string)


def test_news_article_json_ld_fields(client, demo):
    data = json_ld(page_of(client, demo["seed"].url))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == seed.HEADLINE
    assert data["description"] == seed.STANDFIRST
    assert data["image"][0]["creditText"] == seed.LEAD_CREDIT
    assert data["image"][0]["caption"] == seed.LEAD_CAPTION
    assert data["image"][0]["url"].startswith("http://testserver/media/")
    assert data["author"][0] == {
        "@type": "Person",
        "name": "Staff writer",
        "url": "http://testserver/authors/staff/",
    }
    assert data["datePublished"].startswith("2019-01-29")
    assert data["publisher"]["name"] == "Masthead"
    assert data["mainEntityOfPage"]["@id"] == "http://testserver" + demo["seed"].url


def test_json_ld_cannot_be_broken_out_of(client, demo, make_article):
    article = make_article(title="</script><script>alert(1)</script>", standfirst="a & b < c")
    page = page_of(client, article.url)
    script = page.select_one('script[type="application/ld+json"]')
    assert "</script>" not in script.string
    assert json_ld(page)["headline"] == "</script><script>alert(1)</script>"


def test_social_metadata_uses_the_standfirst(client, demo):
    page = page_of(client, demo["seed"].url)

    def meta(attr, name):
        return page.select_one(f'meta[{attr}="{name}"]')["content"]

    assert meta("name", "description") == seed.STANDFIRST
    assert meta("property", "og:description") == seed.STANDFIRST
    assert meta("property", "og:title") == seed.HEADLINE
    assert meta("property", "og:type") == "article"
    assert meta("name", "twitter:card") == "summary_large_image"
    assert meta("property", "og:image").startswith("http://testserver/media/")
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == "http://testserver" + demo["seed"].url
