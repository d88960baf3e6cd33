"""Private pages are known to each process, and agree with Wagtail's own queries."""

import pytest
from wagtail.models import Page, PageViewRestriction

from masthead.core import privacy
from masthead.news.models import ArticlePage, SectionPage
from tests import factories

pytestmark = pytest.mark.django_db


def restriction_ids(restrictions):
    return sorted(restriction.pk for restriction in restrictions)


def test_restrictions_and_public_pages_agree_with_wagtail(demo):
    """A private section, a private story and an alias of it elsewhere (an alias has the
    restrictions of its source)."""
    world, opinion = (SectionPage.objects.get(slug=slug) for slug in ("world", "opinion"))
    story = factories.make_article(section_slug="world")
    alias = story.create_alias(parent=opinion, update_slug="an-alias-of-a-private-story")
    PageViewRestriction.objects.create(page=world, restriction_type=PageViewRestriction.LOGIN)
    password = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for page in ArticlePage.objects.all():
        assert restriction_ids(privacy.view_restrictions(page)) == restriction_ids(
            Page.get_view_restrictions(page)
        ), page.title
    assert restriction_ids(privacy.view_restrictions(alias)) == [password.pk]  # its source's
    wagtails = Page.objects.type(ArticlePage).public().specific()  # Wagtail's own queryset
    # By id: Wagtail's `.specific()` gives a live page as its own kind, ours as an article.
    assert {p.pk for p in ArticlePage.objects.public()} == {p.pk for p in wagtails}
    assert story not in ArticlePage.objects.public()
    public = set(Page.objects.public().values_list("pk", flat=True))  # Wagtail's own
    for page in Page.objects.all():
        assert privacy.is_private(page) == (page.pk not in public), page.title


def test_the_front_pages_sections_are_its_live_public_children(demo):
    """Taken from the sections each process keeps, the same as Wagtail's own query, at once
    after a section is made private or unpublished."""
    from masthead.news import services

    home = demo["home"]
    world, opinion = (SectionPage.objects.get(slug=slug) for slug in ("world", "opinion"))
    before = [section.pk for section in services.front_page_sections(home)]
    assert world.pk in before and opinion.pk in before
    PageViewRestriction.objects.create(page=world, restriction_type=PageViewRestriction.LOGIN)
    opinion.unpublish()
    stock = Page.objects.type(SectionPage).live().public().child_of(home).order_by("path")
    after = [section.pk for section in services.front_page_sections(home)]
    assert after == list(stock.values_list("pk", flat=True))
    assert world.pk not in after and opinion.pk not in after


def test_a_page_made_public_again_is_listed_at_once(demo):
    world = SectionPage.objects.get(slug="world")
    story = factories.make_article(section_slug="world")
    restriction = PageViewRestriction.objects.create(
        page=world, restriction_type=PageViewRestriction.LOGIN
    )
    assert story not in ArticlePage.objects.public()
    assert restriction_ids(privacy.view_restrictions(story)) == [restriction.pk]
    restriction.delete()
    assert story in ArticlePage.objects.public()
    assert not privacy.view_restrictions(story)
