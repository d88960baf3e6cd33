"""Fan-out: planning an alert's deliveries, and the batches that send them.

A batch claims its deliveries, sends them over keep-alive connections with several
messages in flight (one event loop, so waiting on the network overlaps with
encrypting), and settles them in bulk as it goes.
"""

import asyncio
import secrets
from collections import defaultdict
from dataclasses import replace
from datetime import timedelta
from functools import cache, partial
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils.module_loading import import_string

from masthead.core import clock

from ..models import Alert, Delivery, PushSubscription
from .audience import recipients
from .delivery import CircuitBreaker, deliver, flag_for_operator
from .payload import payload_for

# A claim older than this belongs to a worker that died: its deliveries are sent again.
STALE_CLAIM = timedelta(minutes=10)
# How long a batch leaves a failing push service alone before sending to it again.
BREAKER_COOLDOWN = timedelta(minutes=1)

_COUNTER = {
    Delivery.State.DELIVERED: "delivered",
    Delivery.State.REMOVED: "removed",
    Delivery.State.FAILED: "failed",
    Delivery.State.PENDING: "deferred",
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
    transaction.on_commit(partial(finish_if_done, alert.pk))
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


def check(alert_id):
    """Resume an alert that still has unsent deliveries; True when it had to."""
    unsettled = Delivery.objects.filter(
        alert_id=alert_id, state__in=[Delivery.State.PENDING, Delivery.State.CLAIMED]
    )
    if not unsettled.exists():
        finish_if_done(alert_id)
        return False
    dispatch(alert_id)
    return True


def resume(alert_id):
    """Queue again the batches of an alert that still has unsent deliveries (a worker died)."""
    return dispatch(alert_id)


def _claim(alert_id, low, high, at):
    """Take this range's unsent deliveries (and those of a dead worker) under a new claim."""
    token = secrets.token_hex(16)
    in_range = Delivery.objects.filter(
        alert_id=alert_id, subscription_id__gte=low, subscription_id__lte=high
    )
    claimable = Q(state=Delivery.State.PENDING) | Q(
        state=Delivery.State.CLAIMED, claimed_at__lt=at - STALE_CLAIM
    )
    with transaction.atomic():
        in_range.filter(claimable).update(state=Delivery.State.CLAIMED, claim=token, claimed_at=at)
    return token


def make_sender():
    return import_string(settings.ALERTS_SENDER)()


def send_batch(alert_id, low, high, *, sender=None, sleep=asyncio.sleep):
    """Send the alert to the subscriptions with ids in [low, high] that did not get it yet.

    Returns a dict of counts. A batch run twice sends nothing twice: deliveries are
    claimed before sending and settled right after, a few hundred at a time. Messages to
    a push service that keeps failing go back to pending, and the batch runs again after
    `BREAKER_COOLDOWN` (while the alert is younger than its TTL; after that they fail).
    """
    at = clock.now()
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None or alert.state == Alert.State.CANCELLED:
        return {}
    token = _claim(alert_id, low, high, at)
    # Read the whole batch first: a cursor left open would pin an old SQLite snapshot
    # and make this connection's next write fail while other workers write.
    fields = ("endpoint", "p256dh", "auth", "key_id")
    deliveries = [
        (pk, subscription_id, Recipient(*rest) if subscription_id else None)
        for pk, subscription_id, *rest in Delivery.objects.filter(
            alert_id=alert_id, claim=token, state=Delivery.State.CLAIMED
        )
        .order_by("subscription_id")
        .values_list("pk", "subscription_id", *(f"subscription__{name}" for name in fields))
    ]
    sent_from = alert.started_at or alert.created_at
    may_retry = at + BREAKER_COOLDOWN < sent_from + timedelta(seconds=alert.ttl)
    total = dict.fromkeys(_COUNTER.values(), 0)
    total["sent"] = 0
    with asyncio.Runner() as runner:
        own_sender = sender is None
        sender = sender or make_sender()
        send = partial(
            deliver,
            alert,
            sender=sender,
            payload=cache(partial(payload_for, alert)),
            breaker=CircuitBreaker(),
            sleep=sleep,
        )
        in_flight = asyncio.Semaphore(settings.ALERTS_SEND_THREADS)

        async def send_one(delivery):
            async with in_flight:
                return await send(delivery[2])

        async def send_all(chunk):
            return await asyncio.gather(*(send_one(d) for d in chunk))

        step = settings.ALERTS_SETTLE_EVERY
        try:
            for start in range(0, len(deliveries), step):
                chunk = deliveries[start : start + step]
                outcomes = runner.run(send_all(chunk))
                if not may_retry:
                    outcomes = [
                        replace(o, state=Delivery.State.FAILED)
                        if o.state == Delivery.State.PENDING
                        else o
                        for o in outcomes
                    ]
                for key, value in _settle(alert, chunk, outcomes).items():
                    total[key] += value
        finally:
            if own_sender:
                runner.run(sender.close())
    if total["deferred"]:
        _retry_later(alert_id, low, high, at)
    finish_if_done(alert_id)
    return total


def _retry_later(alert_id, low, high, at):
    from ..tasks import send_batch

    if send_batch.get_backend().supports_defer:
        retry = send_batch.using(run_after=at + BREAKER_COOLDOWN)
        transaction.on_commit(partial(retry.enqueue, alert_id, low, high))


def _settle(alert, deliveries, outcomes):
    """Record a chunk's outcomes: one UPDATE per kind of outcome, counters, removals."""
    counts = dict.fromkeys(_COUNTER.values(), 0)
    counts["sent"] = 0
    groups = defaultdict(list)
    for (pk, _subscription_id, _recipient), outcome in zip(deliveries, outcomes, strict=True):
        groups[outcome.state, outcome.status, outcome.attempts].append(pk)
        counts[_COUNTER[outcome.state]] += 1
        if outcome.state != Delivery.State.PENDING:
            counts["sent"] += 1
        if outcome.flag:
            flag_for_operator(alert, outcome.flag)
    finished_at = clock.now()
    with transaction.atomic():
        for (state, status, attempts), ids in groups.items():
            changes = {"state": state, "status_code": status, "attempts": F("attempts") + attempts}
            if state == Delivery.State.PENDING:
                changes.update(claim="", claimed_at=None)
            else:
                changes["finished_at"] = finished_at
            Delivery.objects.filter(pk__in=ids).update(**changes)
        Alert.objects.filter(pk=alert.pk).update(
            sent=F("sent") + counts["sent"],
            delivered=F("delivered") + counts["delivered"],
            removed=F("removed") + counts["removed"],
            failed=F("failed") + counts["failed"],
        )
        gone = [
            subscription_id
            for (_pk, subscription_id, _recipient), outcome in zip(
                deliveries, outcomes, strict=True
            )
            if outcome.state == Delivery.State.REMOVED and subscription_id
        ]
        if gone:
            PushSubscription.objects.filter(pk__in=gone).delete()
    return counts


def finish_if_done(alert_id):
    unsettled = Delivery.objects.filter(
        alert_id=alert_id, state__in=[Delivery.State.PENDING, Delivery.State.CLAIMED]
    )
    if not unsettled.exists():
        Alert.objects.filter(pk=alert_id, state=Alert.State.SENDING).update(
            state=Alert.State.DONE, finished_at=clock.now()
        )
