"""Circuit breaking: a push service that keeps failing is left alone for the rest of a batch,
and what it did not take is sent later, once, without touching other push services."""

import pytest

from masthead.alerts import keys, services
from masthead.alerts.models import Alert, Delivery, PushSubscription
from tests.push_service import PushService

pytestmark = pytest.mark.django_db


def subscribe_to(service, count):
    """Browsers of `service` that subscribed to all breaking news."""
    key = keys.keyring().current
    browsers = [service.subscribe(server_key=key.application_server_key) for _ in range(count)]
    for browser in browsers:
        services.subscribe(subscription=browser.as_json(), topics=[], key_id=key.key_id)
    return browsers


def plan(title="Breaking: the dam holds"):
    alert = services.create_alert(article=None, title=title)
    services.dispatch(alert.pk)
    ids = PushSubscription.objects.order_by("pk").values_list("pk", flat=True)
    return alert, ids.first(), ids.last()


def states(alert):
    return sorted(Delivery.objects.filter(alert=alert).values_list("state", flat=True))


def test_a_push_service_that_keeps_failing_is_left_alone_and_sent_to_later(
    push_service, sleep, settings
):
    """After repeated 5xx the batch stops sending to that service; nothing is lost or failed,
    and the next run (the retry queued for later) delivers each message once."""
    browsers = subscribe_to(push_service, 30)
    alert, low, high = plan()
    push_service.outage = 503

    counts = services.send_batch(alert.pk, low, high, sleep=sleep)

    # Without the breaker: 30 messages × ALERTS_MAX_ATTEMPTS requests.
    assert push_service.received <= services.BREAKER_THRESHOLD + settings.ALERTS_SEND_THREADS
    assert counts["deferred"] == 30 and counts["failed"] == counts["sent"] == 0
    assert states(alert) == [Delivery.State.PENDING] * 30
    alert.refresh_from_db()
    assert alert.state == Alert.State.SENDING and alert.sent == 0

    push_service.outage = None
    counts = services.send_batch(alert.pk, low, high, sleep=sleep)

    assert counts["delivered"] == 30
    assert all(len(push_service.delivered(b)) == 1 for b in browsers)
    alert.refresh_from_db()
    assert (alert.state, alert.sent, alert.delivered) == (Alert.State.DONE, 30, 30)


def test_a_refused_push_service_does_not_hold_up_the_others(push_service, sleep):
    """Connections refused by one push service: its messages wait for a later run, while
    another push service in the same batch gets all of its messages."""
    down = PushService().start()
    port = int(down.origin.rsplit(":", 1)[1])
    gone = subscribe_to(down, 20)
    live = subscribe_to(push_service, 10)
    down.stop()  # nothing listens on its port now
    alert, low, high = plan()

    counts = services.send_batch(alert.pk, low, high, sleep=sleep)

    assert counts["delivered"] == 10 and counts["deferred"] == 20 and counts["failed"] == 0
    assert all(len(push_service.delivered(b)) == 1 for b in live)
    pending = Delivery.objects.filter(alert=alert, state=Delivery.State.PENDING)
    assert pending.count() == 20
    # Refused (599) or never tried once the breaker opened.
    assert {d.status_code for d in pending} <= {599, None}

    down.start(port=port)  # back up
    try:
        counts = services.send_batch(alert.pk, low, high, sleep=sleep)
        assert counts["delivered"] == 20
        assert all(len(down.delivered(b)) == 1 for b in gone)
        assert all(len(push_service.delivered(b)) == 1 for b in live)
    finally:
        down.stop()
    alert.refresh_from_db()
    assert alert.state == Alert.State.DONE and alert.delivered == 30


def test_an_alert_past_its_ttl_is_not_retried(push_service, sleep):
    """Once a retry would come after the alert's TTL, what a failing service did not take
    fails (the push service would have dropped it by then anyway)."""
    subscribe_to(push_service, 12)
    alert = services.create_alert(article=None, title="Short-lived", ttl=30)
    services.dispatch(alert.pk)
    ids = PushSubscription.objects.order_by("pk").values_list("pk", flat=True)
    push_service.outage = 503

    counts = services.send_batch(alert.pk, ids.first(), ids.last(), sleep=sleep)

    assert counts["deferred"] == 0 and counts["failed"] == 12
    alert.refresh_from_db()
    assert alert.state == Alert.State.DONE and alert.failed == 12


def test_the_batch_is_queued_again_after_the_cooldown(
    push_service, sleep, settings, run_on_commit, clock
):
    """With a task queue that can defer, the batch that left messages behind is queued to
    run again after `BREAKER_COOLDOWN`, for the same range of subscriptions."""
    from django_tasks_db.models import DBTaskResult

    subscribe_to(push_service, 12)
    alert, low, high = plan()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    push_service.outage = 503

    run_on_commit(services.send_batch, alert.pk, low, high, sleep=sleep)

    [retry] = DBTaskResult.objects.filter(task_path="masthead.alerts.tasks.send_batch")
    assert retry.args_kwargs["args"] == [alert.pk, low, high]
    assert retry.run_after == clock.now() + services.BREAKER_COOLDOWN
