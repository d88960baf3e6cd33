"""Readers' names beside their comments: nothing invisible in them, and isolated, so a
name cannot reorder the text around it."""

import pytest

from masthead.comments import services
from masthead.comments.models import Preferences
from tests.smtp import text_part

from .conftest import make_member

pytestmark = pytest.mark.django_db

SPOOF = "Mallory\u202egnp.exe\u200b\u00ad\u2060\ufeff\u200e\u061c"


def test_a_name_given_with_a_first_comment_is_stored_clean(signed_in, reader, article):
    """The name a member gives with their first comment loses bidirectional controls and
    invisible characters."""
    reader.display_name = ""
    reader.save()
    response = signed_in.post(
        f"/comments/{article.pk}/post/", {"text": "Hello.", "display_name": SPOOF}
    )
    assert response.status_code in (200, 302, 303)
    reader.refresh_from_db()
    assert reader.display_name == "Mallorygnp.exe"


def test_an_invisible_name_leaves_the_member_without_one(signed_in, reader, article):
    """A name of invisible characters only is no name: the member is asked again."""
    reader.display_name = ""
    reader.save()
    signed_in.post(
        f"/comments/{article.pk}/post/", {"text": "Hello.", "display_name": "\u200b\u2060"}
    )
    reader.refresh_from_db()
    assert reader.display_name == ""


def test_names_are_isolated_on_the_comments(client, article):
    """Each author's name is a <bdi>: a right-to-left name cannot pull the date into it."""
    author = make_member("arabic@example.com", name="قارئ")
    services.post_comment(author, article, "A comment.")
    html = client.get(f"/comments/{article.pk}/fragment/").content.decode()
    assert '<bdi class="comment__author">قارئ</bdi>' in html


def test_a_name_saved_before_cleaning_is_still_contained(client, article):
    """A name stored with an override before names were cleaned stays inside its <bdi>."""
    author = make_member("old@example.com", name="Old")
    type(author).objects.filter(pk=author.pk).update(display_name="Old\u202eeman")
    services.post_comment(author, article, "Old words.")
    html = client.get(f"/comments/{article.pk}/fragment/").content.decode()
    assert '<bdi class="comment__author">Old\u202eeman</bdi>' in html


def test_the_reply_notice_isolates_the_name(
    reader, article, smtp_sink, django_capture_on_commit_callbacks
):
    """The plain-text reply email puts the replier's name between first-strong isolate and
    pop-isolate, the text form of <bdi>, with nothing invisible inside."""
    Preferences.objects.create(member=reader, notify_replies=True)
    replier = make_member("replier@example.com", name="Bob")
    type(replier).objects.filter(pk=replier.pk).update(display_name="Bob\u202e\u200bevil")
    replier.refresh_from_db()
    parent = services.post_comment(reader, article, "Parent words.")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(replier, article, "Reply words.", parent=parent)
    body = text_part(smtp_sink.wait_for(1))
    assert "\u2068Bobevil\u2069 replied to your comment" in body
    assert "\u202e" not in body and "\u200b" not in body
