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


def test_a_reader_changes_a_browsers_topics(member_client, member, push_service, demo):
    record = own(push_service, member)
    member_client.post(
        f"/alerts/subscriptions/{record.pk}/topics/", {"topics": ["topic:iran", "section:world"]}
    )
    record.refresh_from_db()
    assert record.topics == ["topic:iran", "section:world"]
    assert services.recipients(["topic:iran"]).get() == record


def test_nobody_else_can_touch_a_readers_subscription(client, member, push_service):
    record = own(push_service, member)
    intruder = Member.objects.create_user("intruder@example.com")
    client.force_login(intruder)
    assert client.post(f"/alerts/subscriptions/{record.pk}/remove/").status_code == 404
    client.logout()
    assert client.post(f"/alerts/subscriptions/{record.pk}/remove/").status_code == 404
    assert PushSubscription.objects.filter(pk=record.pk).exists()
