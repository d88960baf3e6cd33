"""Reply emails: sent once, only for published replies, only to members who asked; one-click
unsubscribe. Sent through a real SMTP server on loopback."""

import re

import pytest
from django.test import Client

from masthead.comments import services
from masthead.comments.models import Preferences
from masthead.comments.services import notifications
from tests.smtp import text_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def wants_emails(reader):
    Preferences.objects.create(member=reader, notify_replies=True)
    return reader


def test_a_published_reply_emails_the_parent_author_once(
    wants_emails, other, article, smtp_sink, django_capture_on_commit_callbacks
):
    parent = services.post_comment(wants_emails, article, "Parent words.")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_comment(other, article, "Reply-7e2 words.", parent=parent)
    message = smtp_sink.wait_for(1)
    assert message["To"] == wants_emails.email
    body = text_part(message)
    assert "Reply-7e2 words." in body and f"#comment-{reply.pk}" in body
    assert "Gated-7c1e" not in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert notifications.send_reply_notification(reply.pk) is False  # never twice
    assert len(smtp_sink.messages) == 1


def test_held_replies_email_nobody_until_approved(
    wants_emails, article, smtp_sink, settings, editor, django_capture_on_commit_callbacks
):
    from .conftest import make_member

    parent = services.post_comment(wants_emails, article, "Parent words.")
    settings.COMMENTS_PREMODERATE_FIRST = 1
    newcomer = make_member("newcomer@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_comment(newcomer, article, "Held reply.", parent=parent)
    assert reply.status == "pending"
    assert notifications.send_reply_notification(reply.pk) is False
    assert smtp_sink.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(reply, editor)
    assert "Held reply." in text_part(smtp_sink.wait_for(1))


def test_no_email_without_the_setting(reader, other, article, smtp_sink):
    parent = services.post_comment(reader, article, "Parent words.")
    reply = services.post_comment(other, article, "Reply.", parent=parent)
    assert notifications.send_reply_notification(reply.pk) is False
    assert smtp_sink.messages == []


def test_one_click_unsubscribe(wants_emails):
    """A GET only asks (mail scanners change nothing); the POST, as mail clients send it,
    without a session or CSRF token, turns the emails off."""
    url = f"/comments/unsubscribe/{notifications.unsubscribe_token(wants_emails)}/"
    client = Client(enforce_csrf_checks=True)
    assert "Stop emails" in client.get(url).content.decode()
    assert notifications.wants_reply_emails(wants_emails)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not notifications.wants_reply_emails(wants_emails)
    forged = client.post("/comments/unsubscribe/" + "x" * 20 + "/")
    assert "not valid" in forged.content.decode()


def test_the_account_page_setting(signed_in, reader):
    html = signed_in.get("/account/").content.decode()
    assert "Email me when someone replies to my comment" in html
    signed_in.post("/comments/preferences/", {"notify_replies": "on"})
    assert notifications.wants_reply_emails(reader)
    assert re.search(r'name="notify_replies" checked', signed_in.get("/account/").content.decode())
    signed_in.post("/comments/preferences/", {})
    assert not notifications.wants_reply_emails(reader)
