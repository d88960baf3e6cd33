"""A path Wagtail walked to before is served from where the walk ended, and only while the
page is still live at the same place: the same page as Wagtail's own routing, every time."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page, Site

from masthead.accounts.models import Member
from masthead.core import routing
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client):
    """Staff always get a fresh render (no page cache of any kind), so each request is
    routed."""
    client.force_login(Member.objects.create_user("routed@example.com", is_staff=True))
    return client


def wagtails_page(path):
    """The page Wagtail's own walk from the site's root finds for `path`, or None (404)."""
    request = RequestFactory().get(path)
    root = Site.objects.get(is_default_site=True).root_page.specific
    try:
        return root.route(request, list(routing.components(path))).page.pk
    except Http404:
        return None


def served_page(client, path, n):
    response = client.get(path, {"n": n})
    return response.context["page"].pk if response.status_code == 200 else None


def test_each_path_gives_the_page_wagtail_finds_the_first_time_and_after(member_client, demo):
    seed = demo["seed"]
    draft = factories.make_article(publish=False)
    paths = [
        "/",
        seed.get_parent().url,
        seed.url,
        seed.url.replace(seed.slug, "no-such-story"),
        f"{seed.get_parent().url}{draft.slug}/",
        "/no-such-section/",
        "/no-such-section/" + seed.slug + "/",
    ]
    for path in paths:
        wanted = wagtails_page(path)
        assert [served_page(member_client, path, n) for n in range(3)] == [wanted] * 3, path
    assert wagtails_page(seed.url) == seed.pk  # the comparison is not vacuous


def test_a_page_unpublished_behind_the_cms_is_not_served_at_its_remembered_path(
    member_client, demo
):
    """No signal, so no new generation: the one query that loads a remembered page checks
    that it is still live."""
    seed = demo["seed"]
    assert served_page(member_client, seed.url, 1) == seed.pk
    assert served_page(member_client, seed.url, 2) == seed.pk  # from where the walk ended
    Page.objects.filter(pk=seed.pk).update(live=False)
    assert member_client.get(seed.url, {"n": 3}).status_code == 404


def test_a_page_moved_behind_the_cms_is_found_at_its_new_path_only(member_client, demo):
    """A remembered page is loaded only while it is still at the place the walk found it."""
    seed = demo["seed"]
    assert served_page(member_client, seed.url, 1) == seed.pk
    assert served_page(member_client, seed.url, 2) == seed.pk
    moved = seed.url.replace(seed.slug, "moved-story")
    Page.objects.filter(pk=seed.pk).update(
        slug="moved-story", url_path=seed.url_path.replace(seed.slug, "moved-story")
    )
    assert member_client.get(seed.url, {"n": 3}).status_code == 404
    assert served_page(member_client, moved, 4) == seed.pk
