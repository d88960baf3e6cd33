"""Sending one message and following what the push service answers (RFC 8030)."""

import asyncio
import email.utils
import logging
from datetime import datetime

from django.conf import settings

from masthead.core import delivery as delivery_engine
from masthead.core.delivery import State

from ..models import Alert, Delivery
from ..sender import origin_of
from .payload import MAX_SHRINK

logger = logging.getLogger("masthead.alerts")

# Failed attempts in a row (refused connections, 5xx) after which a batch stops sending
# to a push service; what is left is sent again later.
BREAKER_THRESHOLD = 10


class Outcome(delivery_engine.Outcome):
    """The engine's outcome (DEFERRED: not sent, the push service is down; try again
    later) with the push service's answer, and what an operator must be told."""

    __slots__ = ("flag",)

    def __init__(self, state, status, attempts, flag=""):
        super().__init__(state, attempts=attempts, status_code=status)
        self.flag = flag

    @property
    def status(self):
        return self.changes["status_code"]


class CircuitBreaker:
    """Stop hammering a push service that keeps failing, for the rest of a batch."""

    def __init__(self, threshold=BREAKER_THRESHOLD):
        self.threshold = threshold
        self.failures = {}  # origin -> failed attempts in a row
        self.tripped = set()

    def is_open(self, origin):
        return origin in self.tripped

    def record(self, origin, *, failed):
        if not failed:
            self.failures[origin] = 0
            return
        self.failures[origin] = self.failures.get(origin, 0) + 1
        if self.failures[origin] >= self.threshold and origin not in self.tripped:
            # Stays open for the batch: a late success must not restart the hammering.
            logger.warning("Push service %s keeps failing: sending to it later", origin)
            self.tripped.add(origin)


async def deliver(alert, subscription, *, sender, payload, breaker, sleep=asyncio.sleep):
    """Send one message (`payload(level)` gives its body at a shrink level), with retries."""
    if subscription is None:  # removed since the delivery was planned
        return Outcome(Delivery.State.REMOVED, None, 0)
    origin = origin_of(subscription.endpoint)
    level = 0
    status = None
    attempt = 0
    for attempt in range(1, settings.ALERTS_MAX_ATTEMPTS + 1):
        if breaker.is_open(origin):
            return Outcome(State.DEFERRED, status, attempt - 1)
        response = await sender.send(
            subscription, payload(level), ttl=alert.ttl, urgency=alert.urgency, topic=alert.topic
        )
        status = response.status
        breaker.record(origin, failed=status >= 500)
        if status in (200, 201, 202):
            return Outcome(State.DELIVERED, status, attempt)
        if status in (404, 410):
            # The browser unsubscribed or the subscription expired: forget it.
            return Outcome(Delivery.State.REMOVED, status, attempt)
        if status == 413 and level < MAX_SHRINK:
            level += 1
            continue
        if status == 429:
            await sleep(retry_delay(response.retry_after, attempt))
            continue
        if status >= 500:
            await sleep(backoff(attempt))
            continue
        if status in (400, 401, 403):
            # A key or token the push service refuses: deleting would wipe valid
            # subscribers, so keep them and tell an operator.
            return Outcome(State.FAILED, status, attempt, flag=_flag(subscription, response))
        break
    if status is not None and status >= 500 and breaker.is_open(origin):
        return Outcome(State.DEFERRED, status, attempt)
    return Outcome(State.FAILED, status, attempt)


def retry_delay(retry_after, attempt):
    """Seconds to wait after a 429: at least what Retry-After asks (seconds or a date)."""
    seconds = None
    if retry_after:
        if retry_after.strip().isdigit():
            seconds = int(retry_after.strip())
        else:
            try:
                when = email.utils.parsedate_to_datetime(retry_after)
                seconds = max(0, (when - datetime.now(when.tzinfo)).total_seconds())
            except (TypeError, ValueError):
                seconds = None
    if seconds is None:
        seconds = backoff(attempt)
    return min(seconds, settings.ALERTS_MAX_RETRY_AFTER)


def backoff(attempt):
    return min(settings.ALERTS_BACKOFF_BASE * (2 ** (attempt - 1)), 60)


def _flag(subscription, response):
    return (
        f"{origin_of(subscription.endpoint)} answered {response.status} "
        f"(VAPID key {subscription.key_id}): check the VAPID keys and subject. "
        f"Subscriptions were kept. {response.reason}"
    ).strip()


def flag_for_operator(alert, message):
    """Log an error and mark the alert: a push service refused our credentials."""
    if message == alert.operator_flag:
        return
    logger.error("Push alert %s: %s", alert.pk, message)
    alert.operator_flag = message
    Alert.objects.filter(pk=alert.pk).update(operator_flag=message)
