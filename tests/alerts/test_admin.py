"""The editors' side: compose from an article, preview, confirm, guard, quiet hours, audience."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import timezone
from wagtail import hooks

from masthead.alerts import services
from masthead.alerts.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def story(demo, make_article):
    return make_article(
        title="Ceasefire announced",
        standfirst="Both sides agreed to stop firing at midnight.",
        topics=["iran"],
    )


def compose_url(article):
    return f"/admin/alerts/new/{article.pk}/"


def form(article, **overrides):
    data = {
        "title": article.title,
        "body": article.standfirst,
        "audience_mode": "everyone",
        "urgency": "high",
        "ttl": "3600",
        "action": "send",
    }
    data.update(overrides)
    return data


def post(client, article, capture, **overrides):
    with capture(execute=True):
        return client.post(compose_url(article), form(article, **overrides))


def test_the_form_is_prefilled_from_the_article_with_limits_shown(editor_client, story):
    html = editor_client.get(compose_url(story)).content.decode()
    assert 'value="Ceasefire announced"' in html
    assert "Both sides agreed to stop firing at midnight." in html
    assert "Up to 80 characters" in html and "Up to 180 characters" in html
    assert 'maxlength="80"' in html and 'maxlength="180"' in html


def test_the_article_page_in_the_admin_offers_the_alert(editor_client, story):
    html = editor_client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert "Send breaking-news alert" in html
    assert compose_url(story) in html


def test_the_preview_shows_the_notification_and_its_reach_without_sending(
    editor_client, story, push_service, subscribe
):
    subscribe()
    subscribe()
    response = editor_client.post(compose_url(story), form(story, action="preview"))
    html = response.content.decode()
    assert "Preview" in html and "Send alert now" in html
    assert "Ceasefire announced" in html
    assert "2 browsers now" in html
    assert not Alert.objects.exists()
    assert push_service.messages == []


def test_confirming_sends_and_opens_the_progress_page(
    editor_client, story, push_service, subscribe, django_capture_on_commit_callbacks
):
    browser = subscribe()
    response = post(editor_client, story, django_capture_on_commit_callbacks)
    alert = Alert.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/alerts/{alert.pk}/"
    assert len(push_service.delivered(browser)) == 1
    page = editor_client.get(response["Location"]).content.decode()
    assert "Delivered to the push service" in page
    progress = editor_client.get(f"/admin/alerts/{alert.pk}/progress.json").json()
    assert progress["delivered"] == 1 and progress["state"] == "done"
    editor_client.get(f"/alerts/{alert.pk}/open/")
    assert editor_client.get(f"/admin/alerts/{alert.pk}/progress.json").json()["clicks"] == 1
    assert "Ceasefire announced" in editor_client.get("/admin/alerts/").content.decode()


def test_a_second_alert_within_30_minutes_needs_confirmation(
    editor_client, story, make_article, push_service, subscribe, django_capture_on_commit_callbacks
):
    """The guard warns before a second alert in 30 minutes; it goes only once confirmed."""
    browser = subscribe()
    post(editor_client, story, django_capture_on_commit_callbacks)
    other = make_article(title="Second story", standfirst="Something else happened.")

    preview = editor_client.post(compose_url(other), form(other, action="preview"))
    assert "An alert went out" in preview.content.decode()
    refused = post(editor_client, other, django_capture_on_commit_callbacks)
    assert refused.status_code == 200
    assert "Confirm that this second alert should go out." in refused.content.decode()
    assert Alert.objects.count() == 1

    sent = post(editor_client, other, django_capture_on_commit_callbacks, confirm_repeat="on")
    assert sent.status_code == 302
    assert len(push_service.delivered(browser)) == 2


def test_an_exact_repeat_is_blocked_even_when_confirmed(
    editor_client, story, django_capture_on_commit_callbacks
):
    post(editor_client, story, django_capture_on_commit_callbacks)
    again = post(editor_client, story, django_capture_on_commit_callbacks, confirm_repeat="on")
    assert "This exact alert was already sent" in again.content.decode()
    assert Alert.objects.count() == 1


def test_the_guard_allows_an_alert_after_30_minutes(story, clock):
    services.create_alert(article=story, title="Earlier")
    clock.advance(minutes=31)
    assert services.guard(title="Later", body="") == services.GuardResult()


@pytest.fixture
def quiet_now(settings):
    """Quiet hours for everyone, around the current time in the newsroom's zone."""
    local = timezone.localtime()
    start, end = local - timedelta(hours=1), local + timedelta(hours=1)
    settings.ALERTS_QUIET_HOURS = {"everyone": (f"{start:%H:%M}", f"{end:%H:%M}")}
    return end


def test_quiet_hours_hold_a_normal_alert_until_they_end(
    editor_client,
    story,
    push_service,
    subscribe,
    quiet_now,
    django_capture_on_commit_callbacks,
    clock,
):
    browser = subscribe()
    response = post(editor_client, story, django_capture_on_commit_callbacks, urgency="normal")
    alert = Alert.objects.get()
    assert alert.state == Alert.State.HELD
    assert timezone.localtime(alert.send_after).strftime("%H:%M") == f"{quiet_now:%H:%M}"
    assert push_service.messages == []
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Quiet hours" in m for m in messages)

    assert services.release_held() == 0  # still quiet
    clock.set(alert.send_after + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.release_held() == 1
    assert len(push_service.delivered(browser)) == 1


def test_quiet_hours_do_not_hold_breaking_news(
    editor_client, story, push_service, subscribe, quiet_now, django_capture_on_commit_callbacks
):
    browser = subscribe()
    post(editor_client, story, django_capture_on_commit_callbacks, urgency="high")
    assert Alert.objects.get().state == Alert.State.DONE
    assert len(push_service.delivered(browser)) == 1


def test_quiet_hours_are_per_audience(settings, quiet_now):
    settings.ALERTS_QUIET_HOURS = {"topic:iran": settings.ALERTS_QUIET_HOURS["everyone"]}
    assert services.quiet_until(["topic:iran"]) is not None
    assert services.quiet_until(["section:world"]) is None
    assert services.quiet_until(["everyone"]) is None


def test_an_alert_to_chosen_topics_reaches_only_their_readers(
    editor_client, story, push_service, subscribe, django_capture_on_commit_callbacks
):
    iran, world = subscribe(topics=["topic:iran"]), subscribe(topics=["section:world"])
    post(
        editor_client,
        story,
        django_capture_on_commit_callbacks,
        audience_mode="topics",
        topics=["topic:iran"],
    )
    assert Alert.objects.get().audience == ["topic:iran"]
    assert len(push_service.delivered(iran)) == 1
    assert push_service.delivered(world) == []


def test_topics_must_be_chosen_for_a_topic_audience(editor_client, story):
    response = editor_client.post(compose_url(story), form(story, audience_mode="topics"))
    assert "Choose at least one topic" in response.content.decode()
    assert not Alert.objects.exists()


def test_a_reporter_who_cannot_publish_cannot_alert(client, reporter, story):
    client.force_login(reporter)
    # Wagtail answers a permission error by sending the user back to the dashboard.
    for response in (client.get(compose_url(story)), client.post(compose_url(story), form(story))):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not Alert.objects.exists()


def test_publishing_a_breaking_article_offers_the_alert(editor, story):
    """After "Publish" on a story marked breaking, the admin offers the alert."""
    story.breaking = True
    story.save_revision().publish()
    request = RequestFactory().post(f"/admin/pages/{story.pk}/edit/", {"action-publish": "1"})
    request.user = editor
    request.session = {}
    request._messages = FallbackStorage(request)
    for hook in hooks.get_hooks("after_edit_page"):
        hook(request, story)
    [message] = [str(m) for m in get_messages(request)]
    assert "marked breaking" in message and compose_url(story) in message


def test_an_operator_flag_shows_on_the_alert_page(editor_client, story):
    alert = services.create_alert(article=story, title="Flagged")
    Alert.objects.filter(pk=alert.pk).update(operator_flag="push.example answered 403")
    assert (
        "push.example answered 403"
        in editor_client.get(f"/admin/alerts/{alert.pk}/").content.decode()
    )
