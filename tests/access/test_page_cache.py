"""The app's page cache serves anonymous readers fast and never mixes them up with members."""

import pytest
from django.core.cache import cache

from masthead.accounts.models import Member
from tests import factories

pytestmark = pytest.mark.django_db

CANARY = "Canary-c9e2 members only."


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def gated(demo):
    return factories.make_article(paragraphs=["One.", "Two.", "Three.", CANARY])


@pytest.fixture
def member_client(client, db):
    client.force_login(Member.objects.create_user("cached@example.com"))
    return client


def test_second_anonymous_request_is_a_hit_with_the_same_bytes(client, gated):
    first = client.get(gated.url)
    second = client.get(gated.url)
    assert first["X-Page-Cache"] == "MISS" and second["X-Page-Cache"] == "HIT"
    assert first.content == second.content
    assert second["Cache-Control"] == first["Cache-Control"]


def test_a_member_page_is_never_stored_for_anonymous_readers(member_client, gated):
    from django.test import Client

    assert CANARY in member_client.get(gated.url).content.decode()
    anonymous = Client().get(gated.url)
    assert anonymous.get("X-Page-Cache") == "MISS"
    assert CANARY not in anonymous.content.decode()


def test_a_member_never_gets_the_anonymous_page(member_client, gated):
    from django.test import Client

    Client().get(gated.url)
    assert Client().get(gated.url)["X-Page-Cache"] == "HIT"
    response = member_client.get(gated.url)
    assert response["X-Page-Cache"] == "MEMBER-MISS"
    assert CANARY in response.content.decode()


def test_publishing_purges_the_cached_front_page(client, demo):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "HIT"
    factories.make_article(title="Breaking: a brand new story")
    response = client.get("/")
    assert response["X-Page-Cache"] == "MISS"
    assert "Breaking: a brand new story" in response.content.decode()


def test_unpublishing_purges_the_cached_article(client, demo):
    article = factories.make_article(title="Soon withdrawn")
    assert client.get(article.url).status_code == 200
    assert client.get(article.url)["X-Page-Cache"] == "HIT"
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_responses_that_set_cookies_are_not_stored(client, demo):
    client.get("/account/")
    assert "X-Page-Cache" not in client.get("/account/")


def test_a_members_cached_story_follows_each_new_revision(member_client, gated):
    assert CANARY in member_client.get(gated.url).content.decode()
    gated.body = [("paragraph", "<p>Rewritten after an update.</p>")]
    gated.save_revision().publish()
    page = member_client.get(gated.url).content.decode()
    assert "Rewritten after an update." in page and CANARY not in page


def test_read_more_follows_new_stories_for_members(member_client, gated):
    member_client.get(gated.url)
    newer = factories.make_article(title="A newer related story", section_slug="world")
    assert newer.title in member_client.get(gated.url).content.decode()


def test_a_page_made_private_is_no_longer_served_from_the_cache(client, demo):
    """Restricting a section drops the cached copies of its stories and of the front page."""
    from wagtail.models import PageViewRestriction

    article = factories.make_article(title="Soon for the staff only")
    assert client.get(article.url)["X-Page-Cache"] == "MISS"
    assert client.get(article.url)["X-Page-Cache"] == "HIT"
    client.get("/")
    assert "Soon for the staff only" in client.get("/").content.decode()
    PageViewRestriction.objects.create(
        page=article.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(article.url)
    assert response.status_code == 302 and "X-Page-Cache" not in response
    assert "Soon for the staff only" not in client.get("/").content.decode()


def test_a_page_behind_a_password_is_never_kept_for_the_next_reader(demo):
    """A reader who gave a section's password reads its story; the next reader, without the
    password, gets the password form, never that reader's copy from a cache."""
    from django.test import Client
    from wagtail.models import PageViewRestriction

    article = factories.make_article(title="For those with the password")
    section = article.get_parent()
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="letmein-4821"
    )
    insider = Client()
    form = insider.get(article.url)
    assert form.status_code == 200 and "For those with the password" not in form.content.decode()
    insider.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{section.pk}/",
        {"password": "letmein-4821", "return_url": article.url},
    )
    read = insider.get(article.url)
    assert "For those with the password" in read.content.decode()
    assert "private" in read["Cache-Control"] and "X-Page-Cache" not in read
    for _ in range(2):
        outsider = Client().get(article.url)
        assert "For those with the password" not in outsider.content.decode()


def test_an_upgrade_serves_no_page_or_card_the_code_before_rendered(client, demo, monkeypatch):
    """Each release of the code reads a generation of its own: after an upgrade the front
    page and its cards are rendered by the new code, not read back from the old one's."""
    from masthead.core import generation, pagecache
    from masthead.news import cards

    seed = demo["seed"]
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "HIT"
    old_card = cards._key(seed, "lead", generation.current())
    cache.set(old_card, "<p>a card from the release before</p>")
    # The front page renders again, in this generation, from the card kept in it.
    pagecache._cache().delete(pagecache.key_for(client.get("/").wsgi_request.META))
    assert "from the release before" in client.get("/").content.decode()

    monkeypatch.setattr(generation, "RELEASE", "next-release")
    upgraded = client.get("/")
    assert upgraded["X-Page-Cache"] == "MISS"
    assert "from the release before" not in upgraded.content.decode()
    assert seed.title in upgraded.content.decode()


def test_the_release_digest_follows_code_and_templates_only(tmp_path):
    from masthead.core.generation import release_digest

    (tmp_path / "news" / "templates").mkdir(parents=True)
    (tmp_path / "news" / "static").mkdir()
    (tmp_path / "news" / "views.py").write_text("x = 1\n")
    (tmp_path / "news" / "templates" / "card.html").write_text("<p>{{ a }}</p>")
    first = release_digest(tmp_path)
    (tmp_path / "news" / "static" / "site.css").write_text("p {}")
    (tmp_path / "news" / "__pycache__").mkdir()
    (tmp_path / "news" / "__pycache__" / "views.pyc").write_bytes(b"\0")
    assert release_digest(tmp_path) == first
    (tmp_path / "news" / "templates" / "card.html").write_text("<p>{{ b }}</p>")
    changed_template = release_digest(tmp_path)
    assert changed_template != first
    (tmp_path / "news" / "views.py").write_text("x = 2\n")
    assert release_digest(tmp_path) != changed_template


def test_with_the_page_cache_off_every_reader_gets_a_page_rendered_for_them(
    member_client, gated, settings
):
    """PAGE_CACHE=off (measuring a render, ruling the cache out): no copy is kept or served,
    neither the anonymous one nor the members'; the story itself is unchanged."""
    from django.test import Client

    settings.PAGE_CACHE_ENABLED = False
    anonymous = [Client().get(gated.url) for _ in range(2)]
    member = [member_client.get(gated.url) for _ in range(2)]
    assert [r.status_code for r in anonymous + member] == [200] * 4
    assert [r.get("X-Page-Cache") for r in anonymous + member] == [None] * 4
    assert CANARY in member[1].content.decode()
    assert CANARY not in anonymous[1].content.decode()
    settings.PAGE_CACHE_ENABLED = True
    assert Client().get(gated.url)["X-Page-Cache"] == "MISS"  # nothing was kept meanwhile
