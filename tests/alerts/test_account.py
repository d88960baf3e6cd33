"""Signed-in readers see and manage their browsers' subscriptions on the account page."""

import pytest

from masthead.accounts.models import Member
from masthead.alerts import services
from masthead.alerts.models import PushSubscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return Member.objects.create_user("alerts-account@example.com")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def own(push_service, member, topics=()):
    browser = push_service.subscribe()
    return services.subscribe(
        subscription=browser.as_json(),
        topics=list(topics),
        member=member,
        user_agent="Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36",
    )


def test_the_account_page_lists_the_readers_browsers(member_client, member, push_service, demo):
    own(push_service, member, ["topic:iran"])
    other = Member.objects.create_user("someone-else@example.com")
    own(push_service, other)
    html = member_client.get("/account/").content.decode()
    assert "Chrome" in html
    assert html.count("Stop alerts in this browser") == 1
    assert 'value="topic:iran" checked' in html


def test_the_account_page_says_when_no_browser_gets_alerts(member_client):
    html = member_client.get("/account/").content.decode()
    assert "No browser of yours gets breaking-news alerts" in html


def test_a_reader_stops_alerts_in_one_browser(member_client, member, push_service):
    record = own(push_service, member)
    response = member_client.post(f"/alerts/subscriptions/{record.pk}/remove/")
    assert response.status_code == 302 and response["Location"].endswith("/account/#alerts")
    assert not PushSubscription.objects.exists()


def test_the_account_page_offers_one_choice_per_browser(member_client, member, push_service, demo):
    """All breaking news or only the ticked sections and topics: radio buttons in a fieldset
    with its legend, the stored choice selected."""
    own(push_service, member, ["topic:iran"])
    html = member_client.get("/account/").content.decode()
    assert "<legend>Alerts about</legend>" in html
    assert '<input type="radio" name="scope" value="chosen" checked>' in html
    assert '<input type="radio" name="scope" value="everyone">' in html
    assert 'type="checkbox" name="topics" value="everyone"' not in html


def test_a_reader_changes_a_browsers_topics(member_client, member, push_service, demo):
    record = own(push_service, member)
    member_client.post(
        f"/alerts/subscriptions/{record.pk}/topics/",
        {"scope": "chosen", "topics": ["topic:iran", "section:world"]},
    )
    record.refresh_from_db()
    assert record.topics == ["topic:iran", "section:world"]
    assert services.recipients(["topic:iran"]).get() == record


def test_all_breaking_news_does_not_keep_ticks_beside_it(member_client, member, push_service, demo):
    record = own(push_service, member, ["topic:iran"])
    member_client.post(
        f"/alerts/subscriptions/{record.pk}/topics/",
        {"scope": "everyone", "topics": ["topic:iran"]},
    )
    record.refresh_from_db()
    assert record.topics == ["everyone"]


def test_only_chosen_topics_with_none_ticked_is_refused_plainly(
    member_client, member, push_service, demo
):
    """Nothing ticked is not widened to all breaking news behind the reader's back."""
    record = own(push_service, member, ["topic:iran"])
    response = member_client.post(
        f"/alerts/subscriptions/{record.pk}/topics/", {"scope": "chosen"}, follow=True
    )
    assert "Tick at least one section or topic, or choose all breaking news." in (
        response.content.decode()
    )
    record.refresh_from_db()
    assert record.topics == ["topic:iran"]


def test_the_data_export_lists_alert_subscriptions_per_browser(
    member_client, member, push_service, demo
):
    own(push_service, member, ["topic:iran", "section:world"])
    other = Member.objects.create_user("not-exported@example.com")
    own(push_service, other)
    data = member_client.get("/account/export.json").json()
    [browser] = data["alerts"]
    assert browser["browser"] == "Chrome"
    assert browser["push_service"].startswith("http://127.0.0.1:")
    assert browser["topics"] == [
        {"key": "topic:iran", "name": "Iran"},
        {"key": "section:world", "name": "World"},
    ]
    assert browser["subscribed_at"] and browser["user_agent"].startswith("Mozilla/5.0")
    # The browser's keys are the push service's secret to it, not part of the export.
    assert record_keys_absent(browser)


def record_keys_absent(browser):
    return not {"p256dh", "auth", "endpoint"} & set(browser)


def test_nobody_else_can_touch_a_readers_subscription(client, member, push_service):
    record = own(push_service, member)
    intruder = Member.objects.create_user("intruder@example.com")
    client.force_login(intruder)
    assert client.post(f"/alerts/subscriptions/{record.pk}/remove/").status_code == 404
    client.logout()
    assert client.post(f"/alerts/subscriptions/{record.pk}/remove/").status_code == 404
    assert PushSubscription.objects.filter(pk=record.pk).exists()
