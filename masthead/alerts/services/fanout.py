"""Fan-out: planning an alert's deliveries, and the batches that send them.

The delivery engine (`masthead.core.delivery`) claims a batch's deliveries, settles them
in bulk as it goes, resumes a dead worker's claims and says when the alert is finished;
this module plans the deliveries and sends them by Web Push over keep-alive connections
with several messages in flight.
"""

import asyncio
from collections import Counter
from datetime import timedelta
from functools import cache, partial
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils.module_loading import import_string

from masthead.core import clock
from masthead.core import delivery as delivery_engine
from masthead.core.delivery import State

from ..models import LEDGER, Alert, Delivery, PushSubscription
from .audience import recipients
from .delivery import CircuitBreaker, deliver, flag_for_operator
from .payload import payload_for

# A claim older than this belongs to a worker that died: its deliveries are sent again.
STALE_CLAIM = LEDGER.stale
# How long a batch leaves a failing push service alone before sending to it again.
BREAKER_COOLDOWN = timedelta(minutes=1)

# The counts a batch reports, by outcome.
_COUNTER = {
    State.DELIVERED: "delivered",
    Delivery.State.REMOVED: "removed",
    State.FAILED: "failed",
    State.DEFERRED: "deferred",
}


class Recipient(NamedTuple):
    """What sending needs of a subscription (read as tuples: a batch has thousands)."""

    endpoint: str
    p256dh: str
    auth: str
    key_id: str


def dispatch(alert_id):
    """Create one delivery per recipient and queue the batches that send them.

    Each batch is queued as soon as its deliveries exist, so other workers start sending
    while the rest is planned. Safe to run again: existing deliveries are kept, and
    batches skip what was sent (this is how a dead worker's batch is resumed).
    """
    from ..tasks import send_batch

    at = clock.now()
    alert = Alert.objects.get(pk=alert_id)
    if alert.state in (Alert.State.CANCELLED, Alert.State.DONE):
        return []
    if alert.state == Alert.State.HELD and alert.send_after and alert.send_after > at:
        return []
    # Queued while planning: no batch may declare the alert done before every batch exists.
    Alert.objects.filter(pk=alert.pk).update(
        state=Alert.State.QUEUED, started_at=alert.started_at or at
    )
    audience = recipients(alert.audience)
    ids = list(audience.order_by("pk").values_list("pk", flat=True))
    Alert.objects.filter(pk=alert.pk).update(recipients=len(ids))
    ranges = []
    size = settings.ALERTS_BATCH_SIZE
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        _plan(alert.pk, audience.filter(pk__gte=chunk[0], pk__lte=chunk[-1]))
        ranges.append((chunk[0], chunk[-1]))
        transaction.on_commit(partial(send_batch.enqueue, alert.pk, chunk[0], chunk[-1]))
    total = Delivery.objects.filter(alert=alert).count()
    Alert.objects.filter(pk=alert.pk, state=Alert.State.QUEUED).update(
        state=Alert.State.SENDING, recipients=total
    )
    transaction.on_commit(partial(finish, alert.pk))
    transaction.on_commit(partial(_schedule_check, alert.pk, at))
    return ranges


def _plan(alert_id, subscriptions):
    """One pending delivery per subscription, written by the database (INSERT … SELECT):
    100,000 rows built as Python objects cost a worker seconds that sending needs."""
    select, params = subscriptions.order_by().values(recipient_id=F("pk")).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Delivery._meta.db_table}
                (alert_id, subscription_id, state, claim, attempts)
            SELECT %s, recipient.recipient_id, %s, '', 0 FROM ({select}) AS recipient WHERE true
            ON CONFLICT (alert_id, subscription_id) DO NOTHING
            """,  # noqa: S608 - our table and the ORM's own SQL; values are parameters  # nosec B608
            [alert_id, Delivery.State.PENDING, *params],
        )


def _schedule_check(alert_id, at):
    """Look again once a dead worker's claim would be stale, and resume what it left."""
    from ..tasks import check_alert

    if check_alert.get_backend().supports_defer:
        check_alert.using(run_after=at + STALE_CLAIM + timedelta(minutes=1)).enqueue(alert_id)


def resume(alert_id):
    """Queue again the batches of an alert a worker left unsettled (a dead worker's claims
    are sent once stale), or finish it; True when it had to resume."""
    if delivery_engine.is_finished(LEDGER, Delivery.objects.filter(alert_id=alert_id)):
        finish(alert_id)
        return False
    dispatch(alert_id)
    return True


def make_sender():
    return import_string(settings.ALERTS_SENDER)()


def send_batch(alert_id, low, high, *, sender=None, sleep=asyncio.sleep):
    """Send the alert to the subscriptions with ids in [low, high] that did not get it yet.

    Returns a dict of counts. A batch run twice sends nothing twice: the engine claims the
    deliveries before sending and settles them right after, a few hundred at a time.
    Messages to a push service that keeps failing go back to pending, and the batch runs
    again after `BREAKER_COOLDOWN` (while the alert is younger than its TTL; after that
    they fail).
    """
    at = clock.now()
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None or alert.state == Alert.State.CANCELLED:
        return {}
    sent_from = alert.started_at or alert.created_at
    run = AlertRun(alert, low, high)
    with WebPush(
        alert,
        sender,
        sleep,
        may_retry=at + BREAKER_COOLDOWN < sent_from + timedelta(seconds=alert.ttl),
    ) as push:
        # The whole range at once, read before sending: a cursor left open would pin an
        # old SQLite snapshot and make this connection's next write fail.
        tally = delivery_engine.deliver(
            run,
            push,
            *(f"subscription__{name}" for name in ("endpoint", "p256dh", "auth", "key_id")),
            order_by="subscription_id",
            settle_every=settings.ALERTS_SETTLE_EVERY,
        )
    total = {name: tally[state] for state, name in _COUNTER.items()}
    total["sent"] = sum(tally.values()) - tally[State.DEFERRED]
    if total["deferred"]:
        _retry_later(alert_id, low, high, at)
    finish(alert_id)
    return total


class WebPush(delivery_engine.Transport):
    """The alert's transport: Web Push over keep-alive connections, several messages in
    flight on one event loop, so waiting on the network overlaps with encrypting."""

    def __init__(self, alert, sender, sleep, *, may_retry):
        self.alert = alert
        self.sender = sender
        self.own_sender = sender is None
        self.sleep = sleep
        self.may_retry = may_retry

    def __enter__(self):
        self.runner = asyncio.Runner().__enter__()
        self.sender = self.sender or make_sender()
        self.one = partial(
            deliver,
            self.alert,
            sender=self.sender,
            payload=cache(partial(payload_for, self.alert)),
            breaker=CircuitBreaker(),
            sleep=self.sleep,
        )
        return self

    def __exit__(self, *exc):
        try:
            if self.own_sender:
                self.runner.run(self.sender.close())
        finally:
            self.runner.__exit__(*exc)

    def send(self, rows, on_result):
        in_flight = asyncio.Semaphore(settings.ALERTS_SEND_THREADS)

        async def send_one(row):
            async with in_flight:
                return await self.one(Recipient(*row[1:]) if row[1] else None)

        async def send_all(chunk):
            return await asyncio.gather(*(send_one(row) for row in chunk))

        step = settings.ALERTS_SETTLE_EVERY
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            for row, outcome in zip(chunk, self.runner.run(send_all(chunk)), strict=True):
                if outcome.state == State.DEFERRED and not self.may_retry:
                    outcome.state = State.FAILED
                on_result(row, outcome)


class AlertRun(delivery_engine.Run):
    """A batch's run over one range of subscriptions: settling also counts the outcomes on
    the alert, tells an operator of refused credentials and forgets gone subscriptions."""

    def __init__(self, alert, low, high):
        scope = Delivery.objects.filter(
            alert_id=alert.pk, subscription_id__gte=low, subscription_id__lte=high
        )
        super().__init__(LEDGER, scope)
        self.alert = alert

    def settle(self, results):
        counts = Counter(outcome.state for _pk, outcome in results)
        for _pk, outcome in results:
            if outcome.flag:
                flag_for_operator(self.alert, outcome.flag)
        with transaction.atomic():
            super().settle(results)
            Alert.objects.filter(pk=self.alert.pk).update(
                sent=F("sent") + len(results) - counts[State.DEFERRED],
                delivered=F("delivered") + counts[State.DELIVERED],
                removed=F("removed") + counts[Delivery.State.REMOVED],
                failed=F("failed") + counts[State.FAILED],
            )
            gone = [pk for pk, outcome in results if outcome.state == Delivery.State.REMOVED]
            if gone:
                PushSubscription.objects.filter(
                    pk__in=Delivery.objects.filter(pk__in=gone).values("subscription_id")
                ).delete()


def _retry_later(alert_id, low, high, at):
    from ..tasks import send_batch

    if send_batch.get_backend().supports_defer:
        retry = send_batch.using(run_after=at + BREAKER_COOLDOWN)
        transaction.on_commit(partial(retry.enqueue, alert_id, low, high))


def finish(alert_id):
    """Mark the alert finished once none of its deliveries is left unsettled."""
    if delivery_engine.is_finished(LEDGER, Delivery.objects.filter(alert_id=alert_id)):
        Alert.objects.filter(pk=alert_id, state=Alert.State.SENDING).update(
            state=Alert.State.DONE, finished_at=clock.now()
        )
