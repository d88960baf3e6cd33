import json

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from wagtail.models import PageViewRestriction

from masthead.demo import seed
from masthead.news.models import HomePageFeatured, SectionPage
from masthead.news.services import FRONT_PAGE_TOP_STORIES
from tests import factories

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_front_page_leads_with_the_seed_article(client, demo):
    """The seed article is the front page's lead story, linked to its page."""
    page = soup(client.get("/"))
    lead = page.select_one(".front-lead")
    assert lead is not None
    assert lead.select_one(".card__headline a")["href"] == demo["seed"].url
    assert lead.select_one(".card__headline").get_text(strip=True) == seed.HEADLINE


def test_page_titles_name_the_site_once(client, demo):
    """The browser tab says "Masthead" on the front page, "Story | Masthead" elsewhere."""
    from django.conf import settings

    name = settings.WAGTAIL_SITE_NAME
    front = soup(client.get("/")).title.get_text()
    assert front.count(name) == 1 and front.startswith(name)
    article = soup(client.get(demo["seed"].url)).title.get_text()
    assert article == f"{seed.HEADLINE} | {name}"


def test_front_page_has_latest_and_section_blocks(client, demo):
    page = soup(client.get("/"))
    assert page.select(".front-latest li"), "the latest stories block is empty"
    titles = [h.get_text(strip=True) for h in page.select(".front-section .block-title")]
    assert "Israel & the Region" in titles


def test_article_page_shows_everything_the_seed_page_shows(client, demo):
    """Headline, standfirst, byline, time, lead photo with caption and separate credit, body
    (all of it, for a member)."""
    from masthead.accounts.models import Member

    client.force_login(Member.objects.create_user("full-reader@example.com"))
    response = client.get(demo["seed"].url)
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("h1.headline").get_text() == seed.HEADLINE
    assert page.select_one(".standfirst").get_text() == seed.STANDFIRST
    assert "Staff writer" in page.select_one(".byline").get_text()
    assert page.select_one(".dates time")["datetime"].startswith("2019-01-29")
    lead = page.select_one("figure.lead-photo")
    assert seed.LEAD_CAPTION in lead.figcaption.get_text()
    assert lead.select_one(".credit").get_text() == f"({seed.LEAD_CREDIT})"
    inline = page.select_one("figure.inline-photo")
    assert seed.INLINE_CAPTION in inline.figcaption.get_text()
    assert inline.select_one(".credit").get_text() == f"({seed.INLINE_CREDIT})"
    paragraphs = [p.get_text() for p in page.select(".story-body p")]
    assert paragraphs == seed.PARAGRAPHS_BEFORE_PHOTO + seed.PARAGRAPHS_AFTER_PHOTO


def test_article_images_are_responsive_with_webp(client, demo):
    page = soup(client.get(demo["seed"].url))
    picture = page.select_one("figure.lead-photo picture")
    webp = picture.select_one('source[type="image/webp"]')["srcset"]
    assert webp.count("w,") >= 2 and ".webp" in webp
    img = picture.img
    assert img["alt"] and " 400w" in img["srcset"]


def test_read_more_shows_related_stories_not_the_article_itself(client, demo, make_article):
    related = make_article(title="Russia and Iran hold talks", topics=["russia", "iran"])
    page = soup(client.get(demo["seed"].url))
    links = [a["href"] for a in page.select(".read-more .card__headline a")]
    assert related.url in links
    assert demo["seed"].url not in links


def test_read_more_puts_editors_picks_first(client, demo, make_article):
    pick = make_article(title="An unrelated pick", section_slug="business")
    seed_page = demo["seed"]
    seed_page.related_picks.create(article=pick)
    seed_page.save_revision().publish()
    page = soup(client.get(seed_page.url))
    first = page.select_one(".read-more .card__headline a")["href"]
    assert first == pick.url


def test_section_topic_and_author_pages_list_their_stories(client, demo):
    seed_url = demo["seed"].url
    for url in ["/israel-and-the-region/", "/topics/iran/", "/authors/staff/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        links = [a["href"] for a in soup(response).select(".story-list .card__headline a")]
        assert seed_url in links or soup(response).select_one(".pagination"), url


def test_unpublished_articles_are_listed_nowhere(client, demo, make_article):
    draft = make_article(title="A draft nobody should see", publish=False)
    for url in ["/", "/world/", "/feeds/rss/", "/sitemap.xml"]:
        assert b"A draft nobody should see" not in client.get(url).content, url
    assert client.get(draft.url or "/world/test-draft/").status_code == 404


@pytest.mark.parametrize("query", ["?page=abc", "?page=-1", "?page=0", "?page=1.5", "?page=%00"])
def test_bad_page_numbers_never_fail(client, demo, query):
    response = client.get("/world/" + query)
    # A NUL no database can store is refused with a 400 before any view (core.badinput).
    assert response.status_code in ((400,) if "%00" in query else (200, 404))


def test_page_past_the_end_is_a_designed_404(client, demo):
    response = client.get("/world/?page=9999")
    assert response.status_code == 404
    assert b"We can\xe2\x80\x99t find that page" in response.content


def test_unknown_path_gives_the_designed_404(client, demo):
    response = client.get("/no/such/story/")
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()
    assert soup(response).select_one("form[role=search]") is not None


def test_pages_have_landmarks_and_a_skip_link(client, demo):
    page = soup(client.get(demo["seed"].url))
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.select_one("main#main") and page.select_one("header[role=banner]")
    assert page.select_one("nav[aria-label]") and page.select_one("footer")
    assert all(img.has_attr("alt") for img in page.select("img"))


@override_settings(LANGUAGE_CODE="he")
def test_right_to_left_language_sets_dir(client, demo):
    page = soup(client.get("/", headers={"accept-language": "he"}))
    assert page.html["dir"] == "rtl"
    assert page.html["lang"] == "he"


def test_left_to_right_by_default(client, demo):
    assert soup(client.get("/")).html["dir"] == "ltr"


def test_text_only_lists_send_no_photo(client, demo):
    """The top stories and the latest list are headlines beside the lead: they carry no
    picture at all (one hidden by the style sheet cost bytes and squeezed the text into the
    photo's column); the lead and the section blocks keep theirs."""
    page = soup(client.get("/"))
    assert page.select(".front-top-stories .card") and page.select(".front-latest .card")
    assert not page.select(".front-top-stories .card__image, .front-latest .card__image")
    assert page.select_one(".front-lead .card__image img")
    assert page.select(".front-section .card__image img")


def test_only_the_lead_story_has_the_lead_card(client, demo):
    """The lead gets the big photo loaded at once; every other card a small one, loaded lazily."""
    page = soup(client.get("/"))
    assert len(page.select(".card")) > 10
    assert [card.find_parent("section")["class"] for card in page.select(".card--lead")] == [
        ["front-lead"]
    ]
    eager = [img for img in page.select(".card img") if img["loading"] == "eager"]
    assert len(eager) == 1 and eager[0].find_parent(class_="front-lead")


def test_a_renamed_section_shows_on_every_front_page_card(client, demo):
    """Cards and the header's sections are kept between renders; a publish (here, a section's
    new title) replaces them."""
    section = demo["seed"].get_parent().specific
    before = soup(client.get("/", {"render": 1}))
    assert section.title in [k.get_text() for k in before.select(".front-top .kicker")]
    section.title = "Region Desk"
    section.save_revision().publish()
    after = soup(client.get("/", {"render": 2}))
    kickers = [k.get_text() for k in after.select(".front-top .kicker")]
    assert "Region Desk" in kickers
    assert "Israel & the Region" not in kickers
    nav = [a.get_text() for a in after.select(".site-nav a")]  # kept per generation too
    assert "Region Desk" in nav and "Israel & the Region" not in nav


def test_a_renamed_section_shows_on_its_articles_and_in_listings_at_once(client, demo):
    """Each process keeps the sections, and each article keeps its metadata and its story;
    a publish (here, a section's new title) replaces them all."""
    seed = demo["seed"]
    section = seed.get_parent().specific
    topic = seed.topics.first().get_absolute_url()
    before = soup(client.get(seed.url, {"render": 1}))
    assert before.select_one(".story-kicker .kicker").get_text() == section.title
    assert section.title in [k.get_text() for k in soup(client.get(topic)).select(".kicker")]
    section.title = "Region Desk"
    section.save_revision().publish()
    after = soup(client.get(seed.url, {"render": 2}))
    assert after.select_one(".story-kicker .kicker").get_text() == "Region Desk"
    assert after.select_one('meta[property="article:section"]')["content"] == "Region Desk"
    assert (
        json.loads(after.select_one("script[type='application/ld+json']").string)["articleSection"]
        == "Region Desk"
    )
    kickers = [k.get_text() for k in soup(client.get(topic, {"render": 2})).select(".kicker")]
    assert "Region Desk" in kickers and "Israel & the Region" not in kickers


def test_corrected_names_and_photo_credits_show_at_once(client, demo):
    """Stories, their metadata and cards are kept per publish generation; correcting an
    author's or a topic's name or a photo's credit starts a new one, without a publish."""
    seed = demo["seed"]
    author, topic, photo = seed.bylines.first().author, seed.topics.first(), seed.lead_image
    before = soup(client.get(seed.url, {"render": 1}))
    assert author.name in before.select_one(".byline").get_text()
    soup(client.get("/", {"render": 1}))  # the front page's cards kept too
    author.name, topic.name, photo.credit = "Corrected Name", "Corrected Topic", "Fixed/Agency"
    for corrected in (author, topic, photo):
        corrected.save()
    after = soup(client.get(seed.url, {"render": 2}))
    assert "Corrected Name" in after.select_one(".byline").get_text()
    assert "Corrected Topic" in [a.get_text() for a in after.select(".topic-list a")]
    assert after.select_one(".lead-photo .credit").get_text() == "(Fixed/Agency)"
    assert "Corrected Topic" in [m["content"] for m in after.select('meta[property="article:tag"]')]
    front = soup(client.get("/", {"render": 2}))
    assert "Corrected Name" in front.select_one(".front-lead .card__meta").get_text()


def test_the_editors_picks_lead_the_front_page_in_their_order(client, demo):
    """Picks that are no longer live or public are left out (the newest stories fill their
    places); the others keep their order. With no lead story chosen, the first pick leads."""
    home = demo["home"]
    home.lead_story = None
    home.save()
    home.featured.all().delete()
    a, b, c, d = (factories.make_article(title=f"Picked story {n}") for n in "ABCD")
    for order, story in enumerate([c, a, d, b]):
        HomePageFeatured.objects.create(page=home, article=story, sort_order=order)
    d.unpublish()
    PageViewRestriction.objects.create(page=b, restriction_type=PageViewRestriction.LOGIN)
    page = soup(client.get("/", {"render": 1}))
    lead = page.select_one(".front-lead .card__headline").get_text(strip=True)
    tops = [h.get_text(strip=True) for h in page.select(".front-top-stories .card__headline")]
    assert (lead, tops[0]) == ("Picked story C", "Picked story A")
    assert len(tops) == FRONT_PAGE_TOP_STORIES
    assert "Picked story D" not in page.text and "Picked story B" not in page.text


def _section_blocks(home):
    from masthead.news import services

    return [
        (block["section"].pk, [story.pk for story in block["stories"]])
        for block in services.front_page_stories(home)["section_blocks"]
    ]


@pytest.mark.parametrize("window", [1, 20, 30])
def test_quiet_sections_keep_their_newest_stories_on_the_front_page(monkeypatch, demo, window):
    """The sections' stories come from the newest of all; a section with none among them
    (a quiet one) still shows its own newest, the same as when every story is read."""
    import datetime as dt

    from django.utils import timezone

    from masthead.news import services

    old = timezone.now() - dt.timedelta(days=400)
    quiet = [factories.make_article(section_slug="opinion", published_at=old) for _ in range(2)]
    for _ in range(4):
        factories.make_article(section_slug="world")
    everything = _section_blocks(demo["home"])
    monkeypatch.setattr(services, "FRONT_PAGE_NEWEST", window)
    assert _section_blocks(demo["home"]) == everything
    opinion = dict(everything)[SectionPage.objects.get(slug="opinion").pk]
    assert {story.pk for story in quiet} <= set(opinion)
