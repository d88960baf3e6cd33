"""What the admin says became of an edition's send: never "sent" when nothing was delivered,
failures counted and named."""

import pytest
from django.test import Client

from masthead.newsletters.models import Edition
from masthead.newsletters.services import sending

from .conftest import subscribe


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def send_now(edition, capture):
    with capture(execute=True):
        return sending.start(edition.pk)


def shown(editor_client, edition):
    """The edition's state as the editions list and its console show it."""
    listing = editor_client.get("/admin/newsletters/editions/").content.decode()
    console = editor_client.get(f"/admin/newsletters/console/{edition.pk}/").content.decode()
    return listing, console


def gone(newsletter, count):
    return subscribe(newsletter, count, prefix="gone")


def test_one_refused_and_none_delivered_reads_failed_with_the_smtp_reply(
    editor_client, daily, edition, bouncing_sink, django_capture_on_commit_callbacks
):
    """The only subscriber's server answers 550 5.1.1: the edition reads "Failed: nothing
    delivered (1 failed)" and names the refusal, in the list and the console."""
    gone(daily, 1)
    send_now(edition, django_capture_on_commit_callbacks)
    assert Edition.objects.get(pk=edition.pk).state == Edition.State.SENT
    listing, console = shown(editor_client, edition)
    assert "Failed: nothing delivered (1 failed)" in listing
    assert "Failed: nothing delivered (1 failed)" in console
    assert "SMTP 550 5.1.1 ×1 (no such mailbox; address suppressed)" in console
    progress = editor_client.get(f"/admin/newsletters/console/{edition.pk}/progress.json").json()
    assert progress["outcome"] == "Failed: nothing delivered (1 failed)"
    assert "550 5.1.1" in progress["failures"]


def test_everyone_reached_reads_delivered_to_n(
    editor_client, daily, edition, bouncing_sink, django_capture_on_commit_callbacks
):
    """Four subscribers, four messages accepted: "Delivered to 4", no failure line."""
    subscribe(daily, 4)
    send_now(edition, django_capture_on_commit_callbacks)
    listing, console = shown(editor_client, edition)
    assert "Delivered to 4" in listing and "Delivered to 4" in console
    assert "hidden data-failures" in console


def test_some_refused_reads_partly_delivered_with_the_reasons_grouped(
    editor_client, daily, edition, bouncing_sink, django_capture_on_commit_callbacks
):
    """Two accepted, three refused with 550 5.1.1: "Partly delivered: 2 delivered, 3 failed",
    the refusals grouped into one counted reason; the newsletter's sends table agrees."""
    subscribe(daily, 2)
    gone(daily, 3)
    send_now(edition, django_capture_on_commit_callbacks)
    listing, console = shown(editor_client, edition)
    assert "Partly delivered: 2 delivered, 3 failed" in listing
    assert "Partly delivered: 2 delivered, 3 failed" in console
    assert "SMTP 550 5.1.1 ×3 (no such mailbox; address suppressed)" in console
    report = editor_client.get(f"/admin/newsletters/newsletters/edit/{daily.pk}/").content
    assert b"Partly delivered: 2 delivered, 3 failed" in report


def test_a_bounce_reported_after_sending_counts_as_a_failure(
    editor_client, daily, edition, smtp_sink, django_capture_on_commit_callbacks
):
    """The server accepted both messages, then the provider reported one hard bounce: the
    edition reads "Partly delivered: 1 delivered, 1 failed" and names the bounce."""
    [_, bounced] = subscribe(daily, 2)
    send_now(edition, django_capture_on_commit_callbacks)
    sending.suppress(bounced.email, "bounce", "Postmark: mailbox unavailable")
    listing, console = shown(editor_client, edition)
    assert "Partly delivered: 1 delivered, 1 failed" in console
    assert "bounced after sending ×1" in console


def test_an_edition_sent_to_nobody_reads_no_recipients(
    editor_client, daily, edition, smtp_sink, django_capture_on_commit_callbacks
):
    """No subscriber at all: the finished edition reads "No recipients", not "sent"."""
    send_now(edition, django_capture_on_commit_callbacks)
    assert Edition.objects.get(pk=edition.pk).state == Edition.State.SENT
    listing, console = shown(editor_client, edition)
    assert "No recipients" in listing and "No recipients" in console
    assert ">sent<" not in console.lower()
    assert smtp_sink.messages == []
