"""Editors arrange the front page from its edit form: the lead story, the top stories, and
the order, size and length of the sections' blocks. What they leave empty is laid out
automatically, as before."""

import importlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, streamfield

from masthead.accounts.models import Member
from masthead.news.models import HomePageFeatured, SectionPage
from tests import factories
from tests.news.test_preview import form_data

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def arrange(home, *, lead=None, top=(), blocks=()):
    """Save and publish an arrangement as the edit form would."""
    home.lead_story = lead
    home.featured.all().delete()
    for order, story in enumerate(top):
        HomePageFeatured.objects.create(page=home, article=story, sort_order=order)
    home.section_blocks = [
        ("section", {"section": section, "size": size, "stories": count})
        for section, size, count in blocks
    ]
    home.save_revision().publish()


def section_titles(page):
    return [h.get_text(strip=True) for h in page.select(".front-section .block-title")]


def test_the_chosen_lead_story_leads_and_the_top_stories_follow_in_order(client, demo):
    """The lead story chosen leads; the top stories follow in their order; the newest fill
    the places left."""
    lead, first, second = (factories.make_article(title=f"Arranged {n}") for n in "LAB")
    newest = factories.make_article(title="The newest story of all")
    arrange(demo["home"], lead=lead, top=[second, first])
    page = soup(client.get("/"))
    assert page.select_one(".front-lead .card__headline").get_text(strip=True) == "Arranged L"
    tops = [h.get_text(strip=True) for h in page.select(".front-top-stories .card__headline")]
    assert tops[:3] == ["Arranged B", "Arranged A", newest.title]


def test_an_unpublished_lead_story_gives_way_to_the_top_stories(client, demo):
    """A lead story since unpublished is left out: the first top story leads."""
    lead, first = (factories.make_article(title=f"Arranged {n}") for n in "LA")
    arrange(demo["home"], lead=lead, top=[first])
    lead.unpublish()
    page = soup(client.get("/", {"after": "unpublish"}))
    assert page.select_one(".front-lead .card__headline").get_text(strip=True) == "Arranged A"
    assert "Arranged L" not in page.get_text()


def test_section_blocks_show_in_the_arranged_order_size_and_length(client, demo):
    """Only the sections arranged show, in their order, each with as many stories as asked
    and cards of its size: large ones with their photo, compact ones headlines only."""
    world, opinion = (SectionPage.objects.get(slug=slug) for slug in ("world", "opinion"))
    for _ in range(6):
        factories.make_article(section_slug="world", lead_image=factories.make_photo())
        factories.make_article(section_slug="opinion")
    arrange(demo["home"], blocks=[(opinion, "compact", 5), (world, "large", 2)])
    page = soup(client.get("/"))
    assert section_titles(page) == [opinion.title, world.title]
    compact, large = page.select(".front-section")
    assert "front-section--compact" in compact["class"]
    assert len(compact.select(".card")) == 5 and not compact.select(".card__image, img")
    assert not compact.select(".card__standfirst"), "compact cards are headlines only"
    assert "front-section--large" in large["class"]
    assert len(large.select(".card--large")) == 2 and large.select(".card--large img")


def test_nothing_arranged_keeps_the_automatic_layout(client, demo):
    """With no section block arranged, every live section shows, in the site's order, at
    standard size with its four newest stories."""
    arrange(demo["home"])
    page = soup(client.get("/"))
    home = demo["home"]
    expected = [s.title for s in SectionPage.objects.child_of(home).live().order_by("path")]
    shown = section_titles(page)
    assert shown == [title for title in expected if title in shown] and len(shown) >= 2
    for block in page.select(".front-section"):
        assert "front-section--standard" in block["class"]
        assert len(block.select(".card")) <= 4


def test_a_section_arranged_then_unpublished_is_left_out(client, demo):
    """A section block whose section is no longer live is skipped; the others stay."""
    world, opinion = (SectionPage.objects.get(slug=slug) for slug in ("world", "opinion"))
    arrange(demo["home"], blocks=[(opinion, "standard", 4), (world, "standard", 4)])
    opinion.unpublish()
    assert section_titles(soup(client.get("/", {"after": "unpublish"}))) == [world.title]


def test_an_editor_arranges_the_front_page_from_its_edit_form(client, editor, demo):
    """The front page's edit form takes a lead story, top stories and section blocks, and
    publishing it shows them to readers."""
    home = demo["home"]
    lead, top = (factories.make_article(title=f"From the form {n}") for n in "LT")
    world = SectionPage.objects.get(slug="world")
    fields = {
        "title": home.title,
        "slug": home.slug,
        "strapline": home.strapline,
        "lead_story": str(lead.pk),
        "featured": inline_formset([{"article": str(top.pk), "id": ""}]),
        "section_blocks": streamfield(
            [("section", {"section": str(world.pk), "size": "compact", "stories": "3"})]
        ),
        "action-publish": "action-publish",
    }
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[home.pk])
    form = client.get(edit)
    assert form.status_code == 200
    text = soup(form).get_text()
    assert "Lead story" in text and "Top stories" in text and "Section blocks" in text
    response = client.post(edit, form_data(type(home), home, fields, editor))
    assert response.status_code == 302, soup(response).select(".error-message")
    client.logout()
    page = soup(client.get("/", {"after": "publish"}))
    assert page.select_one(".front-lead .card__headline").get_text(strip=True) == lead.title
    top_stories = page.select(".front-top-stories .card__headline")
    assert top_stories[0].get_text(strip=True) == top.title
    assert section_titles(page) == [world.title]
    assert len(page.select(".front-section .card")) == 3


def test_an_arranged_front_page_costs_no_more_queries(client, demo):
    """An arrangement is read with the page: a member's front page with a lead story, top
    stories and section blocks costs the same queries as the automatic one."""
    client.force_login(Member.objects.create_user("arranged@example.com"))

    def count(marker):
        client.get("/", {"warm": marker})
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/", {"counted": marker}).status_code == 200
        return len(captured)

    automatic = count("automatic")
    stories = [factories.make_article(title=f"Arranged {n}") for n in range(3)]
    world, opinion = (SectionPage.objects.get(slug=slug) for slug in ("world", "opinion"))
    arrange(
        demo["home"],
        lead=stories[0],
        top=stories[1:],
        blocks=[(world, "large", 2), (opinion, "compact", 6)],
    )
    assert count("arranged") <= automatic


def test_the_first_pick_becomes_the_lead_story_when_migrating(demo):
    """Before lead stories, the first front-page pick led: the migration makes it the lead
    story and keeps the others as top stories in their order."""
    folder = Path(importlib.import_module("masthead.news.migrations").__file__).parent
    name = next(path.stem for path in folder.glob("*_front_page_arrangement.py"))
    migration = importlib.import_module(f"masthead.news.migrations.{name}")
    home = demo["home"]
    home.lead_story = None
    home.save()
    a, b, c = (factories.make_article(title=f"Picked {n}") for n in "ABC")
    for order, story in enumerate([b, a, c]):
        HomePageFeatured.objects.create(page=home, article=story, sort_order=order)
    migration.lead_with_the_first_pick(django_apps, None)
    home.refresh_from_db()
    assert home.lead_story_id == b.pk
    assert [p.article_id for p in home.featured.order_by("sort_order")] == [a.pk, c.pk]
