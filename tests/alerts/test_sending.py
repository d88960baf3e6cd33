"""Fan-out against a real push service on loopback: VAPID, encryption, headers, answers."""

import time

import pytest

from masthead.alerts import keys, services
from masthead.alerts.models import Alert, Delivery, PushSubscription
from tests import factories

pytestmark = pytest.mark.django_db

CANARY = "Canary-7f3e gated sentence"


@pytest.fixture
def story(demo):
    return factories.make_article(
        title="Rockets fired at the north",
        standfirst="Sirens sounded in several towns.",
        paragraphs=["Public lead.", "Public two.", "Public three.", CANARY],
        topics=["iran"],
    )


def send(run_on_commit, story, **kwargs):
    kwargs.setdefault("title", story.title)
    kwargs.setdefault("body", story.standfirst)
    alert = run_on_commit(services.create_alert, article=story, **kwargs)
    alert.refresh_from_db()
    return alert


def test_an_alert_reaches_every_subscriber_encrypted_and_signed(
    push_service, subscribe, run_on_commit, story
):
    """Each browser gets the alert, decryptable with its own key, with a valid VAPID token
    (ES256, aud = the push service, exp within 24 h, sub) and TTL, Urgency and Topic."""
    browsers = [subscribe() for _ in range(3)]
    alert = send(run_on_commit, story, ttl=900)

    assert not push_service.errors
    for browser in browsers:
        [message] = push_service.delivered(browser)
        assert message.payload["title"] == "Rockets fired at the north"
        assert message.payload["body"] == "Sirens sounded in several towns."
        assert message.payload["url"] == f"http://testserver/alerts/{alert.pk}/open/"
        assert message.payload["story"] == "http://testserver" + story.url
        assert message.payload["tag"] == message.topic == f"story-{story.pk}"
        assert message.ttl == "900"
        assert message.urgency == "high"
        assert message.claims["aud"] == push_service.origin
        assert message.claims["sub"].startswith("mailto:")
        assert message.claims["exp"] <= time.time() + 24 * 3600
        assert message.vapid_key == keys.keyring().current.application_server_key
    assert alert.state == Alert.State.DONE
    assert (alert.recipients, alert.sent, alert.delivered, alert.failed) == (3, 3, 3, 0)


def test_the_payload_carries_the_headline_and_short_text_only(
    push_service, subscribe, run_on_commit, story
):
    """No gated article text goes into a notification, and it stays under 3,993 bytes."""
    browser = subscribe()
    send(run_on_commit, story, body="x" * 500)
    [message] = push_service.delivered(browser)
    assert CANARY not in str(message.payload)
    assert len(message.payload["body"]) == services.BODY_MAX
    assert message.size <= 4096
    assert len(services.payload_for(Alert.objects.get())) < services.MAX_PAYLOAD


def test_topic_alerts_reach_that_topic_and_all_breaking_news_only(
    push_service, subscribe, run_on_commit, story
):
    """A topic alert goes to readers of that topic and to those who chose everything."""
    everything = subscribe()
    iran = subscribe(topics=["topic:iran"])
    world = subscribe(topics=["section:world"])
    other = subscribe(topics=["topic:russia"])
    send(run_on_commit, story, audience=["topic:iran"])
    assert len(push_service.delivered(everything)) == 1
    assert len(push_service.delivered(iran)) == 1
    assert push_service.delivered(world) == push_service.delivered(other) == []


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_deleted(push_service, subscribe, run_on_commit, story, status):
    """404 and 410 mean the browser is gone: the subscription is removed and counted."""
    gone, kept = subscribe(), subscribe()
    push_service.answer(gone, status)
    alert = send(run_on_commit, story)
    assert not PushSubscription.objects.filter(endpoint=gone.endpoint).exists()
    assert PushSubscription.objects.filter(endpoint=kept.endpoint).exists()
    assert (alert.delivered, alert.removed, alert.failed) == (1, 1, 0)
    assert Delivery.objects.get(alert=alert, state=Delivery.State.REMOVED).status_code == status


def test_too_large_payload_is_shrunk_and_sent_again(push_service, subscribe, run_on_commit, story):
    """413: the message is sent again smaller (no image, shorter text)."""
    browser = subscribe()
    Alert.objects.all().delete()
    push_service.answer(browser, 413, 413)
    story.lead_image = factories.make_photo()
    story.save_revision().publish()
    alert = send(run_on_commit, story, body="A much longer text " * 8)
    sizes = [m.size for m in push_service.messages_for(browser)]
    assert [m.status for m in push_service.messages_for(browser)] == [413, 413, 201]
    assert sizes[0] > sizes[1] > sizes[2]
    [delivered] = push_service.delivered(browser)
    assert "image" not in delivered.payload
    assert alert.delivered == 1


def test_a_real_size_limit_is_met_by_shrinking(push_service, subscribe, run_on_commit, story):
    """A push service with a smaller limit than 4096 bytes still gets the alert."""
    browser = subscribe()
    full = len(
        services.payload_for(Alert(pk=1, title="t" * 80, body="b" * 180, url="/", topic="x"))
    )
    push_service.max_body = full + 86 + 16 - 60  # the full message no longer fits
    send(run_on_commit, story, title="t" * 80, body="b" * 180)
    statuses = [m.status for m in push_service.messages_for(browser)]
    assert statuses[0] == 413 and statuses[-1] == 201


def test_rate_limited_waits_at_least_retry_after(push_service, subscribe, story, sleep):
    """429: the sender waits at least Retry-After seconds, then delivers."""
    browser = subscribe()
    push_service.retry_after = "1"
    push_service.answer(browser, 429)
    alert = services.create_alert(article=story, title=story.title, body="")
    services.dispatch(alert.pk)
    low = high = PushSubscription.objects.get().pk
    services.send_batch(alert.pk, low, high, sleep=sleep)
    assert sleep.waits and sleep.waits[0] >= 1
    assert [m.status for m in push_service.messages_for(browser)] == [429, 201]
    first, second = push_service.messages_for(browser)
    assert second.at - first.at >= 1


def test_server_errors_back_off_and_retry(push_service, subscribe, story, sleep, settings):
    """5xx: back off (growing waits) and retry; it is delivered when the service recovers."""
    browser = subscribe()
    push_service.answer(browser, 500, 503)
    alert = services.create_alert(article=story, title=story.title, body="")
    services.dispatch(alert.pk)
    pk = PushSubscription.objects.get().pk
    counts = services.send_batch(alert.pk, pk, pk, sleep=sleep)
    assert counts["delivered"] == 1
    assert sleep.waits == [settings.ALERTS_BACKOFF_BASE, settings.ALERTS_BACKOFF_BASE * 2]
    assert [m.status for m in push_service.messages_for(browser)] == [500, 503, 201]


def test_a_service_that_stays_down_fails_the_delivery_but_keeps_the_subscription(
    push_service, subscribe, story, sleep, settings
):
    """After the last attempt the delivery fails; the reader stays subscribed."""
    browser = subscribe()
    push_service.answer(browser, *([500] * settings.ALERTS_MAX_ATTEMPTS))
    alert = services.create_alert(article=story, title=story.title, body="")
    services.dispatch(alert.pk)
    pk = PushSubscription.objects.get().pk
    services.send_batch(alert.pk, pk, pk, sleep=sleep)
    assert len(push_service.messages_for(browser)) == settings.ALERTS_MAX_ATTEMPTS
    assert Delivery.objects.get().state == Delivery.State.FAILED
    assert PushSubscription.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("status", [400, 401, 403])
def test_credential_errors_keep_subscriptions_and_flag_the_alert(
    push_service, subscribe, run_on_commit, story, status, caplog
):
    """400/401/403 mean a key problem: nobody is unsubscribed, an operator is told."""
    browsers = [subscribe(), subscribe()]
    for browser in browsers:
        push_service.answer(browser, status)
    alert = send(run_on_commit, story)
    assert PushSubscription.objects.count() == 2
    assert alert.failed == 2 and alert.removed == 0
    assert str(status) in alert.operator_flag and "VAPID" in alert.operator_flag
    assert any(r.levelname == "ERROR" and "VAPID" in r.getMessage() for r in caplog.records)


def test_a_wrong_vapid_key_is_refused_by_the_service_and_flagged(
    push_service, run_on_commit, story
):
    """A subscription made with a key the site no longer has gets 403, and is kept."""
    browser = push_service.subscribe(server_key="a-key-we-never-had")
    services.subscribe(subscription=browser.as_json(), topics=[])
    alert = send(run_on_commit, story)
    assert [m.status for m in push_service.messages_for(browser)] == [403]
    assert alert.operator_flag
    assert PushSubscription.objects.count() == 1


def test_a_batch_run_twice_sends_nothing_twice(push_service, subscribe, story):
    """Running the same batch again (a retried task) sends no message twice."""
    browsers = [subscribe() for _ in range(4)]
    alert = services.create_alert(article=story, title=story.title, body="")
    [(low, high)] = services.dispatch(alert.pk)
    services.send_batch(alert.pk, low, high)
    services.send_batch(alert.pk, low, high)
    services.dispatch(alert.pk)  # a re-run of the planning task too
    services.send_batch(alert.pk, low, high)
    assert len(push_service.messages) == 4
    for browser in browsers:
        assert len(push_service.delivered(browser)) == 1
    alert.refresh_from_db()
    assert alert.sent == 4 and alert.state == Alert.State.DONE


def test_a_dead_workers_batch_is_resumed(push_service, subscribe, story, clock):
    """Deliveries claimed by a worker that died are sent by the next run, once."""
    browsers = [subscribe() for _ in range(3)]
    alert = services.create_alert(article=story, title=story.title, body="")
    [(low, high)] = services.dispatch(alert.pk)
    # A worker claimed the batch and was killed before sending anything.
    Delivery.objects.filter(alert=alert).update(
        state=Delivery.State.CLAIMED, claim="dead-worker", claimed_at=clock.now()
    )
    clock.advance(services.STALE_CLAIM, seconds=1)
    services.send_batch(alert.pk, low, high)
    services.send_batch(alert.pk, low, high)
    assert all(len(push_service.delivered(b)) == 1 for b in browsers)


def test_a_live_claim_is_not_sent_twice_by_a_parallel_run(push_service, subscribe, story, clock):
    """A batch another worker is sending right now is left to it."""
    subscribe()
    alert = services.create_alert(article=story, title=story.title, body="")
    [(low, high)] = services.dispatch(alert.pk)
    Delivery.objects.filter(alert=alert).update(
        state=Delivery.State.CLAIMED, claim="busy", claimed_at=clock.now()
    )
    services.send_batch(alert.pk, low, high)
    assert push_service.messages == []


def test_fan_out_runs_in_batches_and_reuses_connections(
    push_service, subscribe, run_on_commit, story, settings
):
    """Subscriptions are split into batches; each batch keeps its connection open."""
    settings.ALERTS_BATCH_SIZE = 4
    settings.ALERTS_SEND_THREADS = 1
    for _ in range(10):
        subscribe()
    alert = send(run_on_commit, story)
    assert alert.delivered == 10
    assert len(push_service.messages) == 10
    # One keep-alive connection per batch of 4, 4 and 2 messages.
    assert len(push_service.connections) == 3


def test_a_later_alert_on_the_same_story_replaces_the_notification(
    push_service, subscribe, run_on_commit, story
):
    """Both alerts on a story carry the same Topic (≤ 32 base64url characters)."""
    browser = subscribe()
    send(run_on_commit, story, title="First")
    send(run_on_commit, story, title="Update: more", confirmed_repeat=True)
    topics = {m.topic for m in push_service.delivered(browser)}
    assert len(topics) == 1
    assert services.TOPIC_HEADER.match(topics.pop())


def test_unsubscribed_browser_gets_nothing(push_service, subscribe, run_on_commit, story):
    browser = subscribe()
    services.unsubscribe(browser.endpoint)
    send(run_on_commit, story)
    assert push_service.messages == []


def test_the_scheduled_check_resumes_an_alert_a_dead_worker_left(
    push_service, subscribe, story, run_on_commit, clock
):
    """The check queued after each dispatch finds stale claims and sends them, once."""
    browsers = [subscribe() for _ in range(2)]
    alert = services.create_alert(article=story, title=story.title, body="")
    services.dispatch(alert.pk)  # planned, but its batch task never ran
    Delivery.objects.filter(alert=alert).update(
        state=Delivery.State.CLAIMED, claim="dead-worker", claimed_at=clock.now()
    )
    clock.advance(services.STALE_CLAIM, seconds=1)
    assert run_on_commit(services.resume, alert.pk) is True
    assert all(len(push_service.delivered(b)) == 1 for b in browsers)
    alert.refresh_from_db()
    assert alert.state == Alert.State.DONE
    assert run_on_commit(services.resume, alert.pk) is False
    assert len(push_service.messages) == 2
