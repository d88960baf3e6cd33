"""The opt-in's endpoints, the service worker and click counting."""

import json

import pytest
from django.test import Client

from masthead.accounts.models import Member
from masthead.alerts import keys, services
from masthead.alerts.models import Alert, PushSubscription, SubscriptionTopic

pytestmark = pytest.mark.django_db


def post_json(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


@pytest.fixture
def csrf_client():
    """A browser that must present the CSRF token it fetched (as the page does)."""
    client = Client(enforce_csrf_checks=True)
    client.token = client.get("/alerts/config.json").json()["csrf_token"]
    return client


def body(subscriber, **extra):
    return {"subscription": subscriber.as_json(), "key_id": keys.keyring().current.key_id, **extra}


def test_subscribing_needs_the_csrf_token(push_service, csrf_client):
    """Without the token from config.json the request is refused; with it, stored."""
    browser = push_service.subscribe()
    assert post_json(csrf_client, "/alerts/subscribe/", body(browser)).status_code == 403
    response = post_json(
        csrf_client, "/alerts/subscribe/", body(browser), HTTP_X_CSRFTOKEN=csrf_client.token
    )
    assert response.status_code == 201
    record = PushSubscription.objects.get()
    assert record.endpoint == browser.endpoint
    assert record.p256dh == browser.p256dh
    assert record.key_id == keys.keyring().current.key_id
    assert record.topics == ["everyone"] and record.member is None


def test_topics_are_stored_and_changed_by_subscribing_again(push_service, client, demo):
    """The same endpoint subscribing again updates its topics (one row per browser)."""
    browser = push_service.subscribe()
    post_json(client, "/alerts/subscribe/", body(browser, topics=["topic:iran", "section:world"]))
    record = PushSubscription.objects.get()
    assert set(SubscriptionTopic.objects.values_list("topic", flat=True)) == {
        "topic:iran",
        "section:world",
    }
    post_json(client, "/alerts/subscribe/", body(browser, topics=["everyone"]))
    assert PushSubscription.objects.count() == 1
    record.refresh_from_db()
    assert record.topics == ["everyone"]
    assert list(SubscriptionTopic.objects.values_list("topic", flat=True)) == ["everyone"]


def test_the_status_tells_the_page_what_this_browser_is_subscribed_to(push_service, client, demo):
    """The opt-in shows what the site holds for the browser, with the names readers read."""
    browser = push_service.subscribe()
    unknown = post_json(client, "/alerts/status/", {"endpoint": browser.endpoint}).json()
    assert unknown == {"ok": True, "subscribed": False, "topics": [], "labels": []}
    answer = post_json(client, "/alerts/subscribe/", body(browser, topics=["topic:iran"])).json()
    assert answer["labels"] == ["Iran"]
    status = post_json(client, "/alerts/status/", {"endpoint": browser.endpoint}).json()
    assert status == {"ok": True, "subscribed": True, "topics": ["topic:iran"], "labels": ["Iran"]}
    assert post_json(client, "/alerts/status/", {"endpoint": 5}).status_code == 400


def test_a_signed_in_reader_subscription_belongs_to_them(push_service, client):
    member = Member.objects.create_user("alerts-reader@example.com")
    client.force_login(member)
    post_json(client, "/alerts/subscribe/", body(push_service.subscribe()))
    assert PushSubscription.objects.get().member == member


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(subscription="x"), "object"),
        (
            lambda d: d["subscription"].update(endpoint="https://evil.example/push/1"),
            "push service",
        ),
        (lambda d: d["subscription"].update(endpoint="http://10.0.0.1/push"), "push service"),
        (lambda d: d["subscription"]["keys"].update(p256dh="AAAA"), "P-256"),
        (lambda d: d["subscription"]["keys"].update(auth="!!"), "base64url"),
        (lambda d: d.update(topics=["topic:no-such-topic"]), "Unknown topics"),
        (lambda d: d.update(topics="everyone"), "list"),
    ],
)
def test_bad_subscriptions_are_refused_plainly(push_service, client, mutate, message):
    """Bad input gets a 400 saying what is wrong, never a 500; nothing is stored."""
    data = body(push_service.subscribe())
    mutate(data)
    response = post_json(client, "/alerts/subscribe/", data)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_malformed_json_is_a_400(client):
    response = client.post("/alerts/subscribe/", "{nope", content_type="application/json")
    assert response.status_code == 400


def test_unsubscribe_forgets_the_browser(push_service, client):
    browser = push_service.subscribe()
    post_json(client, "/alerts/subscribe/", body(browser))
    response = post_json(client, "/alerts/unsubscribe/", {"endpoint": browser.endpoint})
    assert response.json() == {"ok": True, "removed": True}
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "url", ["/alerts/subscribe/", "/alerts/unsubscribe/", "/alerts/subscriptions/1/remove/"]
)
def test_get_on_post_endpoints_is_refused_without_error(client, url):
    assert client.get(url).status_code == 405


def test_the_service_worker_is_served_at_the_root(client):
    """/sw.js: JavaScript, allowed to control the whole site, revalidated by browsers."""
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert b"showNotification" in response.content
    assert b"notificationclick" in response.content


def test_a_click_is_counted_and_opens_the_story(client, demo):
    """The notification's link counts the click and redirects to the story, nowhere else."""
    alert = services.create_alert(article=demo["seed"], title="Click me")
    response = client.get(f"/alerts/{alert.pk}/open/?next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == demo["seed"].url
    client.get(f"/alerts/{alert.pk}/open/")
    alert.refresh_from_db()
    assert alert.clicks == 2
    assert client.get("/alerts/999999/open/").status_code == 404


def test_the_article_page_offers_the_opt_in_and_stays_cacheable(client, demo, make_article):
    """The opt-in is in the shared page (its state comes from the browser), with the
    article's section and topics as choices, and the page is still cached for everyone."""
    url = make_article(section_slug="israel-and-the-region", topics=["iran"]).url
    first = client.get(url)
    html = first.content.decode()
    assert "Never miss breaking news" in html
    assert "Get notifications to stay updated" in html
    assert "You&#x27;re subscribed" in html or "You're subscribed" in html
    # One choice: all breaking news, or only the ticked sections and topics.
    assert '<input type="radio" name="alerts-scope" value="everyone" checked>' in html
    assert '<input type="radio" name="alerts-scope" value="chosen">' in html
    assert 'type="checkbox" name="alerts-topics" value="everyone"' not in html
    assert 'type="checkbox" name="alerts-topics" value="section:israel-and-the-region"' in html
    assert " checked" not in html.split('name="alerts-topics"', 1)[1].split("</fieldset>", 1)[0]
    assert 'value="topic:iran"' in html
    assert "alerts/optin.js" in html
    assert "public" in first["Cache-Control"]
    assert client.get(url)["X-Page-Cache"] == "HIT"
    assert Alert.objects.count() == 0
