"""The editors' side in the Wagtail admin: newsletters, editions, preview, test, send."""

import json

import pytest
from django.test import Client

from masthead.newsletters.models import Edition, Send
from tests.smtp import html_part

from .conftest import CANARY, subscribe


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_the_admin_lists_newsletters_and_editions(editor_client, daily, edition):
    """The Newsletters menu lists the Daily Edition with its subscribers and today's edition
    with a "Preview and send" button; the edition's form has its stories in order."""
    subscribe(daily, 2)
    newsletters = editor_client.get("/admin/newsletters/newsletters/").content.decode()
    assert "Daily Edition" in newsletters
    editions = editor_client.get("/admin/newsletters/editions/").content.decode()
    assert f"/admin/newsletters/console/{edition.pk}/" in editions
    form = editor_client.get(f"/admin/newsletters/editions/edit/{edition.pk}/")
    assert form.status_code == 200
    assert b"Newsletter lead story" in form.content or b"stories-0-article" in form.content


def test_preview_is_what_is_sent_and_shows_no_gated_text(editor_client, daily, edition, smtp_sink):
    """The console offers desktop and phone widths; the preview's HTML equals a test
    email's HTML, which goes to the editor alone, and neither has gated text."""
    subscribe(daily, 3)
    console = editor_client.get(f"/admin/newsletters/console/{edition.pk}/?width=phone")
    assert b"width:375px" in console.content
    preview = editor_client.get(f"/admin/newsletters/console/{edition.pk}/preview/")
    assert preview.status_code == 200
    assert CANARY.encode() not in preview.content
    editor_client.post(f"/admin/newsletters/console/{edition.pk}/act/", {"action": "test"})
    message = smtp_sink.wait_for(1)
    assert message["To"] == "editor@masthead.localhost"
    assert message["Subject"].startswith("[Test] ")
    sent = html_part(message).replace("\r\n", "\n").replace("/test/", "/preview/")
    assert sent.strip() == preview.content.decode().strip()
    assert len(smtp_sink.messages) == 1
    assert not Send.objects.filter(edition=edition).exists()


def test_send_now_and_follow_progress(
    editor_client, daily, edition, smtp_sink, django_capture_on_commit_callbacks
):
    """ "Send now" starts the send on the worker; progress reports every recipient sent."""
    subscribe(daily, 4)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/newsletters/console/{edition.pk}/act/", {"action": "send_now"}
        )
    assert response.status_code == 302
    progress = json.loads(
        editor_client.get(f"/admin/newsletters/console/{edition.pk}/progress.json").content
    )
    assert progress["recipients"] == progress["sent"] == 4
    assert progress["state"] == "done"
    assert Send.objects.get(edition=edition).started_by.email == "editor@masthead.localhost"
    assert len(smtp_sink.messages) == 4
    assert b"Batches done" in editor_client.get(f"/admin/newsletters/console/{edition.pk}/").content


def test_schedule_and_dont_send(editor_client, daily, edition):
    """Scheduling sets the time in the newsletter's zone; "Don't send" cancels."""
    url = f"/admin/newsletters/console/{edition.pk}/act/"
    editor_client.post(url, {"action": "schedule", "when": "2031-05-04T07:30"})
    edition.refresh_from_db()
    assert edition.state == Edition.State.SCHEDULED
    assert edition.scheduled_for.astimezone(daily.zone).strftime("%H:%M") == "07:30"
    editor_client.post(url, {"action": "cancel"})
    edition.refresh_from_db()
    assert edition.state == Edition.State.CANCELLED


def test_due_editions_go_out_at_their_time(
    daily, edition, smtp_sink, django_capture_on_commit_callbacks, clock
):
    """The scheduler starts an edition once its time has come, and only once."""
    import datetime

    from masthead.newsletters.services import sending

    subscribe(daily, 2)
    edition.state = Edition.State.SCHEDULED
    edition.save()
    clock.set(edition.scheduled_for - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.due_editions() == []
    clock.set(edition.scheduled_for + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.due_editions() == [edition.pk]
        assert sending.due_editions() == []
    assert len(smtp_sink.messages) == 2


def test_readers_cannot_reach_the_console(daily, edition):
    """Anonymous visitors go to the admin login; members without permission get no console."""
    from masthead.accounts.models import Member

    assert Client().get(f"/admin/newsletters/console/{edition.pk}/").status_code == 302
    member = Client()
    member.force_login(Member.objects.create_user("nosy@example.com", is_staff=True))
    response = member.get(f"/admin/newsletters/console/{edition.pk}/preview/")
    assert response.status_code in (302, 403)
