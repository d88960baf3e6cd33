"""What the admin says became of an alert: never "Sent" when nothing was delivered."""

import pytest

from masthead.alerts import services
from masthead.alerts.models import Alert
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def story(demo):
    return factories.make_article(
        title="Storm reaches the coast", standfirst="Ports closed overnight."
    )


def send(run_on_commit, story):
    alert = run_on_commit(services.create_alert, article=story, title=story.title, body="")
    alert.refresh_from_db()
    return alert


def shown(editor_client, alert):
    """The state as the list and the alert's own page show it."""
    listing = editor_client.get("/admin/alerts/").content.decode()
    detail = editor_client.get(f"/admin/alerts/{alert.pk}/").content.decode()
    return listing, detail


def test_one_failed_and_none_delivered_reads_failed_with_the_reason(
    editor_client, push_service, subscribe, run_on_commit, story, settings
):
    """A single browser whose push service keeps failing: the alert reads "Failed: nothing
    delivered (1 failed)" with the answer named, in the list and on its page; never "Sent"."""
    browser = subscribe()
    push_service.answer(browser, *([503] * settings.ALERTS_MAX_ATTEMPTS))
    alert = send(run_on_commit, story)
    assert alert.state == Alert.State.DONE
    assert alert.outcome_label == "Failed: nothing delivered (1 failed)"
    for html in shown(editor_client, alert):
        assert "Failed: nothing delivered (1 failed)" in html
        assert "503 Service Unavailable ×1" in html
        assert ">Sent<" not in html
    progress = editor_client.get(f"/admin/alerts/{alert.pk}/progress.json").json()
    assert progress["state_label"] == "Failed: nothing delivered (1 failed)"
    assert "503 Service Unavailable ×1" in progress["failures"]


def test_every_browser_reached_reads_delivered_to_n(
    editor_client, push_service, subscribe, run_on_commit, story
):
    """Three browsers, three deliveries: "Delivered to 3", and no failure line."""
    for _ in range(3):
        subscribe()
    alert = send(run_on_commit, story)
    listing, detail = shown(editor_client, alert)
    assert "Delivered to 3" in listing and "Delivered to 3" in detail
    assert "Failures:" not in listing
    assert "hidden data-failures" in detail


def test_some_delivered_some_gone_reads_partly_delivered_with_grouped_reasons(
    editor_client, push_service, subscribe, run_on_commit, story
):
    """Two delivered, three gone (410) and one refused (403): "Partly delivered: 2
    delivered, 4 failed", the reasons grouped and counted, the most frequent first."""
    subscribe()
    subscribe()
    for _ in range(3):
        push_service.answer(subscribe(), 410)
    push_service.answer(subscribe(), 403)
    alert = send(run_on_commit, story)
    listing, detail = shown(editor_client, alert)
    for html in (listing, detail):
        assert "Partly delivered: 2 delivered, 4 failed" in html
        assert "410 Gone ×3 (subscriptions removed); 403 Forbidden ×1" in html


def test_an_alert_with_no_subscribers_reads_no_recipients(editor_client, run_on_commit, story):
    """Nobody subscribed: the finished alert reads "No recipients"."""
    alert = send(run_on_commit, story)
    assert alert.state == Alert.State.DONE
    listing, detail = shown(editor_client, alert)
    assert "No recipients" in listing and "No recipients" in detail
    assert ">Sent<" not in listing + detail
