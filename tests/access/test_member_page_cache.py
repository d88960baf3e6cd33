"""Members share one copy of each article, front and section page, kept in the app's own
cache: never given to an anonymous reader or to staff, never stored in a shared cache, and
replaced on every publish."""

import pytest
from django.test import Client

from masthead.accounts.models import Member
from tests import factories

pytestmark = pytest.mark.django_db

CANARY = "Canary-7f31 for members only."


@pytest.fixture
def gated(demo):
    return factories.make_article(paragraphs=["One.", "Two.", "Three.", CANARY])


def signed_in(email, **fields):
    client = Client()
    client.force_login(Member.objects.create_user(email, **fields))
    return client


def test_a_second_member_gets_the_first_members_copy(gated):
    first = signed_in("first@example.com").get(gated.url)
    second = signed_in("second@example.com").get(gated.url)
    assert first["X-Page-Cache"] == "MEMBER-MISS"
    assert second["X-Page-Cache"] == "MEMBER-HIT"
    assert second.content == first.content
    assert CANARY in second.content.decode()
    # Still the member's own page to every cache outside the app.
    assert "private" in second["Cache-Control"] and "public" not in second["Cache-Control"]
    assert "Cookie" in second["Vary"]


def test_the_members_copy_never_reaches_an_anonymous_reader(gated):
    signed_in("reader@example.com").get(gated.url)
    anonymous = Client().get(gated.url)
    assert anonymous["X-Page-Cache"] == "MISS"
    assert CANARY not in anonymous.content.decode()
    assert "wall__heading" in anonymous.content.decode()


def test_staff_get_their_own_page_not_the_members_copy(gated, editor):
    signed_in("reader2@example.com").get(gated.url)
    client = Client()
    client.force_login(editor)
    response = client.get(gated.url)
    assert "MEMBER" not in response.get("X-Page-Cache", "")
    # A member after the editor still gets the members' copy, not the editor's page.
    member = signed_in("reader3@example.com").get(gated.url)
    assert member["X-Page-Cache"] == "MEMBER-HIT"
    assert b"wagtail-userbar" not in member.content


def test_publishing_replaces_the_members_copy(demo):
    member = signed_in("front@example.com")
    member.get("/")
    assert member.get("/")["X-Page-Cache"] == "MEMBER-HIT"
    factories.make_article(title="Members see this new story at once")
    response = member.get("/")
    assert response["X-Page-Cache"] == "MEMBER-MISS"
    assert "Members see this new story at once" in response.content.decode()


def test_pages_about_the_member_are_never_shared(demo):
    """Only the page types that render nothing of the reader are kept: a search page or a
    newsletter form (with the reader's CSRF token) is rendered for each member."""
    for url in ("/search/?q=Syria", "/newsletters/subscribe/"):
        first = signed_in(f"a{len(url)}@example.com")
        first.get(url)
        second = signed_in(f"b{len(url)}@example.com").get(url)
        assert "MEMBER" not in second.get("X-Page-Cache", ""), url
