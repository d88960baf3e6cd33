"""What editors and readers type comes out inert everywhere it is shown: the article page,
its JSON-LD, listings, search, feeds and the Daily Edition email."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.news.models import Author
from tests import factories
from tests.security.test_headers import InlineCode

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "</script><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "';alert(1)//\u2028\u2029",
    "</SCRIPT ><iframe src=javascript:alert(1)>",
    "<!--<script>-->",
]
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def inert_html(html, where):
    """No element or attribute a browser would run, beyond the page's own scripts."""
    parser = InlineCode()
    parser.feed(html)
    assert not parser.refused, (where, parser.refused)
    for tag in re.findall(r"<(iframe|svg|img)\b[^>]*>", html, re.I):
        assert "javascript:" not in tag and "onerror" not in tag and "onload" not in tag, where


def own_scripts_only(html, where):
    scripts = re.findall(r"<script\b([^>]*)>", html, re.I)
    for attrs in scripts:
        assert 'src="/static/' in attrs or 'type="application/ld+json"' in attrs, (where, attrs)


def story_with(payload):
    author = Author.objects.create(name=f"Reporter {payload}", slug=f"xss-{abs(hash(payload))}")
    photo = factories.make_photo(credit=f"Agency {payload}", caption=f"Caption {payload}")
    return factories.make_article(
        title=f"Headline {payload}",
        standfirst=f"Standfirst {payload}",
        paragraphs=[f"Body {payload}", "Two.", "Three.", "Four."],
        authors=[author],
        lead_image=photo,
        topics=["iran"],
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_editor_text_is_inert_on_the_page_and_in_json_ld(payload):
    article = story_with(payload)
    html = Client().get(article.url).content.decode()
    own_scripts_only(html, article.url)
    inert_html(html, article.url)
    blocks = LD_JSON.findall(html)
    assert blocks, "the article has JSON-LD"
    for block in blocks:
        assert "</script" not in block.lower() and "<!--" not in block
        data = json.loads(block)  # valid JSON, which still says exactly what was typed
    assert data["headline"] == f"Headline {payload}"
    for url in (article.get_parent().url, "/", f"/authors/{article.bylines.first().author.slug}/"):
        listing = Client().get(url).content.decode()
        own_scripts_only(listing, url)
        inert_html(listing, url)


@pytest.mark.parametrize("payload", PAYLOADS[:3])
def test_editor_text_is_inert_in_search_and_feeds(payload):
    story_with(payload)
    html = Client().get("/search/", {"q": "Headline"}).content.decode()
    assert "Headline" in html
    own_scripts_only(html, "search")
    inert_html(html, "search")
    for url in ("/feeds/rss/", "/feeds/atom/"):
        feed = ET.fromstring(Client().get(url).content)  # still well-formed XML
        checked = 0
        for element in feed.iter():
            # Feed readers render the description (RSS) and an html summary (Atom) as HTML:
            # they must hold none that runs. Titles and names are text.
            as_html = element.tag == "description" or element.get("type") == "html"
            if as_html and element.text and "Standfirst" in element.text:
                inert_html(element.text, url)
                own_scripts_only(element.text, url)
                checked += 1
        assert checked, f"the story's summary is in {url}"


def test_editor_text_is_inert_in_the_daily_edition_email():
    from masthead.newsletters.models import DAILY_EDITION_SLUG, Edition, EditionStory, Newsletter
    from masthead.newsletters.services import editions

    article = story_with(PAYLOADS[1])
    newsletter = Newsletter.objects.get(slug=DAILY_EDITION_SLUG)
    edition = Edition.objects.create(
        newsletter=newsletter,
        date=timezone.localdate() + datetime.timedelta(days=400),
        state=Edition.State.DRAFT,
        scheduled_for=timezone.now(),
    )
    EditionStory.objects.create(edition=edition, article=article, sort_order=0)
    _, html = editions.render(edition).for_token("x")
    assert "Headline" in html
    assert "<script" not in html.lower()
    inert_html(re.sub(r"<style\b.*?</style>|style=\"[^\"]*\"", "", html, flags=re.S), "email")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# NUL never reaches a headline: Django's form fields refuse it (and PostgreSQL cannot store it).
@given(
    text=st.text(
        st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
        min_size=1,
        max_size=80,
    )
)
def test_any_headline_round_trips_through_json_ld(demo, text):
    """Whatever the headline, the JSON-LD parses and says it exactly: nothing breaks out."""
    article = factories.make_article(title=text.strip() or "x", standfirst=text)
    html = Client().get(article.url).content.decode()
    blocks = LD_JSON.findall(html)
    data = json.loads(blocks[0])
    assert data["headline"] == article.title
