"""Breaking-news alerts: subscribing browsers, deciding what may be sent, and fan-out.

Views, tasks and hooks call these functions; collaborators (the push sender, the
clock, the sleep between retries) are passed in so tests can drive them.
"""

import email.utils
import fnmatch
import hashlib
import json
import logging
import re
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import Truncator

from . import keys
from .models import EVERYONE, Alert, Delivery, PushSubscription, SubscriptionTopic

logger = logging.getLogger("masthead.alerts")

# RFC 8291: a push service must accept 4096 bytes of encrypted body; aes128gcm adds an
# 86-byte header, a 16-byte tag and a padding delimiter, which leaves 3993 for us.
MAX_PAYLOAD = 3993
TITLE_MAX = 80
BODY_MAX = 180
TOPIC_HEADER = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
GUARD_WINDOW = timedelta(minutes=30)
REPEAT_WINDOW = timedelta(hours=24)
# A claim older than this belongs to a worker that died: its deliveries are sent again.
STALE_CLAIM = timedelta(minutes=10)


class SubscriptionError(ValueError):
    """Bad subscription data from a browser: answered with 400 and this message."""


def now():
    # Used as a seam for tests.
    return timezone.now()


# --- Audiences -------------------------------------------------------------------


def audience_choices():
    """Every audience an editor can pick: everyone, each section, each topic."""
    from masthead.news.models import SectionPage, Topic

    choices = [(EVERYONE, "All breaking news")]
    choices += [(f"section:{s.slug}", s.title) for s in SectionPage.objects.live().order_by("path")]
    choices += [(f"topic:{t.slug}", t.name) for t in Topic.objects.order_by("name")]
    return choices


def article_choices(article):
    """What a reader of `article` is offered: all breaking news, its section, its topics."""
    section = article.get_parent().specific
    choices = [(EVERYONE, "All breaking news"), (f"section:{section.slug}", section.title)]
    choices += [(f"topic:{t.slug}", t.name) for t in article.topics.order_by("name")]
    return choices


def article_audience(article):
    """The section and topics of an article, as audience keys."""
    section = article.get_parent().specific
    return [f"section:{section.slug}", *(f"topic:{t.slug}" for t in article.topics.all())]


def clean_topics(values):
    """Keep known audience keys; nothing chosen (or "everyone") means all breaking news."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SubscriptionError("topics must be a list of strings.")
    values = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    if not values or EVERYONE in values:
        return [EVERYONE]
    known = {key for key, _label in audience_choices()}
    unknown = [v for v in values if v not in known]
    if unknown:
        raise SubscriptionError(f"Unknown topics: {', '.join(unknown[:5])}.")
    return values[:20]


# --- Subscriptions ---------------------------------------------------------------


def endpoint_allowed(endpoint):
    """Only push services we know: the server POSTs to this address on every alert."""
    from .sender import origin_of

    if not isinstance(endpoint, str) or len(endpoint) > 1000:
        return False
    if not endpoint.startswith(("https://", "http://")):
        return False
    origin = origin_of(endpoint).lower()
    return any(fnmatch.fnmatchcase(origin, pattern) for pattern in settings.ALERTS_PUSH_SERVICES)


def _check_keys(p256dh, auth):
    try:
        public = keys.b64url_decode(p256dh)
        secret = keys.b64url_decode(auth)
    except (ValueError, TypeError, AttributeError) as error:
        raise SubscriptionError("The subscription keys are not base64url.") from error
    if len(public) != 65 or public[0] != 4:
        raise SubscriptionError("keys.p256dh must be an uncompressed P-256 public key.")
    if len(secret) != 16:
        raise SubscriptionError("keys.auth must be 16 bytes.")


@transaction.atomic
def subscribe(*, subscription, topics, key_id="", member=None, user_agent="", replaces=""):
    """Record (or update) a browser's subscription; `replaces` names its previous endpoint,
    dropped when the browser re-subscribed with a new VAPID key."""
    if not isinstance(subscription, dict):
        raise SubscriptionError("subscription must be an object.")
    endpoint = subscription.get("endpoint")
    sub_keys = subscription.get("keys") or {}
    if not endpoint_allowed(endpoint):
        raise SubscriptionError("This push service is not accepted.")
    if not isinstance(sub_keys, dict):
        raise SubscriptionError("subscription.keys must be an object.")
    p256dh, auth = sub_keys.get("p256dh", ""), sub_keys.get("auth", "")
    _check_keys(p256dh, auth)
    previous = None
    if replaces and isinstance(replaces, str) and replaces != endpoint:
        previous = PushSubscription.objects.filter(endpoint=replaces).first()
    if topics is None:  # a renewed subscription keeps what the reader chose
        known = previous or PushSubscription.objects.filter(endpoint=endpoint).first()
        topics = known.topics if known else []
    topics = clean_topics(topics)
    ring = keys.keyring()
    key_id = key_id if isinstance(key_id, str) and ring.knows(key_id) else ring.current.key_id
    if previous is not None:
        if not getattr(member, "is_authenticated", False):
            member = previous.member
        previous.delete()
    defaults = {
        "p256dh": p256dh,
        "auth": auth,
        "key_id": key_id,
        "topics": topics,
        "user_agent": (user_agent or "")[:200],
    }
    if member is not None and getattr(member, "is_authenticated", False):
        defaults["member"] = member
    record, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults=defaults
    )
    _sync_topic_rows(record)
    return record


def _sync_topic_rows(record):
    SubscriptionTopic.objects.filter(subscription=record).exclude(topic__in=record.topics).delete()
    SubscriptionTopic.objects.bulk_create(
        [SubscriptionTopic(subscription=record, topic=t) for t in record.topics],
        ignore_conflicts=True,
    )


def unsubscribe(endpoint):
    """Forget a browser; True when it was known."""
    deleted, _ = PushSubscription.objects.filter(endpoint=endpoint).delete()
    return bool(deleted)


def set_topics(record, topics):
    record.topics = clean_topics(topics)
    record.save(update_fields=["topics", "updated_at"])
    _sync_topic_rows(record)


def recipients(audience):
    """The subscriptions an audience reaches: topic alerts also reach "all breaking news"."""
    if not audience or EVERYONE in audience:
        return PushSubscription.objects.all()
    ids = SubscriptionTopic.objects.filter(topic__in=[EVERYONE, *audience]).values(
        "subscription_id"
    )
    return PushSubscription.objects.filter(pk__in=ids)


# --- The editor's checks -----------------------------------------------------------


@dataclass
class GuardResult:
    blocked: str = ""
    warning: str = ""


def guard(*, title, body, at=None):
    """Block an exact repeat of a recent alert; warn about a second alert within 30 minutes."""
    at = at or now()
    recent = Alert.objects.exclude(state=Alert.State.CANCELLED)
    same = recent.filter(created_at__gte=at - REPEAT_WINDOW)
    for alert in same.only("title", "body", "created_at"):
        if _normal(alert.title) == _normal(title) and _normal(alert.body) == _normal(body):
            return GuardResult(
                blocked=(
                    "This exact alert was already sent at "
                    f"{timezone.localtime(alert.created_at):%H:%M}. Change the headline or "
                    "text to send an update."
                )
            )
    last = recent.filter(created_at__gte=at - GUARD_WINDOW).first()
    if last:
        minutes = max(1, int((at - last.created_at).total_seconds() // 60))
        return GuardResult(
            warning=(
                f"An alert went out {minutes} minute{'s' if minutes != 1 else ''} ago "
                f"(“{last.title}”). Readers get annoyed by frequent alerts: send this one "
                "only if it really is new."
            )
        )
    return GuardResult()


def _normal(text):
    return " ".join((text or "").split()).casefold()


def _parse_hhmm(text):
    hours, minutes = text.strip().split(":")
    return clock_time(int(hours), int(minutes))


def quiet_until(audience, at=None):
    """When quiet hours for this audience end, or None when it is not quiet now.

    `ALERTS_QUIET_HOURS` maps an audience key ("everyone", "section:world", …) to
    ("HH:MM", "HH:MM") in the newsroom's time zone; a range may pass midnight.
    """
    at = timezone.localtime(at or now())
    keys_ = [EVERYONE] if not audience or EVERYONE in audience else list(audience)
    ends = []
    for key in keys_:
        window = settings.ALERTS_QUIET_HOURS.get(key)
        if not window:
            continue
        start, end = _parse_hhmm(window[0]), _parse_hhmm(window[1])
        current = at.time()
        inside = start <= current < end if start <= end else current >= start or current < end
        if inside:
            end_at = at.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
            if end_at <= at:
                end_at += timedelta(days=1)
            ends.append(end_at)
    return max(ends) if ends else None


def topic_for(article):
    """The Web Push `Topic` for a story: a newer alert on it replaces the older one."""
    if article is None:
        return "alert-" + secrets.token_hex(8)
    topic = f"story-{article.pk}"
    if not TOPIC_HEADER.match(topic):
        topic = hashlib.sha256(topic.encode()).hexdigest()[:32]
    return topic


def image_url_for(article):
    image = getattr(article, "lead_image", None)
    if image is None:
        return ""
    try:
        return image.get_rendition("fill-720x360|format-jpeg").url
    except Exception:  # a missing source file must not stop an alert
        logger.warning("No alert image for article %s", article.pk, exc_info=True)
        return ""


def create_alert(
    *,
    article,
    title,
    body="",
    audience=None,
    urgency=Alert.Urgency.HIGH,
    ttl=None,
    created_by=None,
    confirmed_repeat=False,
    at=None,
):
    """Create an alert and queue it (or hold it for quiet hours).

    Raises ValueError with the reason when the guard blocks it, or warns and
    `confirmed_repeat` is false.
    """
    at = at or now()
    title, body = title.strip()[:TITLE_MAX], (body or "").strip()[:BODY_MAX]
    if not title:
        raise ValueError("An alert needs a headline.")
    result = guard(title=title, body=body, at=at)
    if result.blocked:
        raise ValueError(result.blocked)
    if result.warning and not confirmed_repeat:
        raise ValueError(result.warning)
    audience = audience or [EVERYONE]
    held_until = None if urgency == Alert.Urgency.HIGH else quiet_until(audience, at)
    alert = Alert.objects.create(
        article=article,
        title=title,
        body=body,
        url=article.url if article else "/",
        image_url=image_url_for(article),
        audience=audience,
        urgency=urgency,
        ttl=ttl if ttl is not None else settings.ALERTS_DEFAULT_TTL,
        topic=topic_for(article),
        state=Alert.State.HELD if held_until else Alert.State.QUEUED,
        send_after=held_until,
        created_by=created_by,
        created_at=at,
    )
    transaction.on_commit(lambda: enqueue_dispatch(alert))
    return alert


def enqueue_dispatch(alert):
    from .tasks import dispatch_alert

    if alert.state == Alert.State.HELD:
        backend = dispatch_alert.get_backend()
        if not backend.supports_defer:
            return  # `masthead alerts release` (or the next release run) sends it
        dispatch_alert.using(run_after=alert.send_after).enqueue(alert.pk)
        return
    dispatch_alert.enqueue(alert.pk)


def release_held(at=None):
    """Queue held alerts whose quiet hours are over; returns how many."""
    at = at or now()
    due = list(Alert.objects.filter(state=Alert.State.HELD, send_after__lte=at))
    for alert in due:
        dispatch(alert.pk, at=at)
    return len(due)


# --- Payload -------------------------------------------------------------------------


def payload_for(alert, level=0):
    """The JSON the service worker shows; each `level` is smaller (413 Payload Too Large)."""
    site = settings.SITE_URL
    data = {
        "id": alert.pk,
        "title": alert.title,
        "body": alert.body,
        "url": f"{site}/alerts/{alert.pk}/open/",
        "story": site + alert.url,
        "tag": alert.topic,
        "icon": site + settings.ALERTS_ICON_URL,
    }
    if alert.image_url and level == 0:
        data["image"] = (
            alert.image_url if alert.image_url.startswith("http") else site + alert.image_url
        )
    if level >= 2:
        data["body"] = Truncator(alert.body).chars(60)
        data.pop("icon")
    if level >= 3:
        data["body"] = ""
        data["title"] = Truncator(alert.title).chars(40)
    encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    while len(encoded) > MAX_PAYLOAD:  # defensive: fields are length-limited
        data["body"] = data["body"][: len(data["body"]) // 2]
        encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    return encoded


MAX_SHRINK = 3


# --- Fan-out -------------------------------------------------------------------------


def dispatch(alert_id, *, at=None):
    """Create one delivery per recipient and queue the batches that send them.

    Each batch is queued as soon as its deliveries exist, so other workers start sending
    while the rest is planned. Safe to run again: existing deliveries are kept, and
    batches skip what was sent (this is how a dead worker's batch is resumed).
    """
    from .tasks import send_batch

    at = at or now()
    alert = Alert.objects.get(pk=alert_id)
    if alert.state in (Alert.State.CANCELLED, Alert.State.DONE):
        return []
    if alert.state == Alert.State.HELD and alert.send_after and alert.send_after > at:
        return []
    # Queued while planning: no batch may declare the alert done before every batch exists.
    Alert.objects.filter(pk=alert.pk).update(
        state=Alert.State.QUEUED, started_at=alert.started_at or at
    )
    ids = list(recipients(alert.audience).order_by("pk").values_list("pk", flat=True))
    Alert.objects.filter(pk=alert.pk).update(recipients=len(ids))
    ranges = []
    size = settings.ALERTS_BATCH_SIZE
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        Delivery.objects.bulk_create(
            [Delivery(alert_id=alert.pk, subscription_id=i) for i in chunk],
            ignore_conflicts=True,
            batch_size=1000,
        )
        ranges.append((chunk[0], chunk[-1]))
        transaction.on_commit(partial(send_batch.enqueue, alert.pk, chunk[0], chunk[-1]))
    total = Delivery.objects.filter(alert=alert).count()
    Alert.objects.filter(pk=alert.pk, state=Alert.State.QUEUED).update(
        state=Alert.State.SENDING, recipients=total
    )
    transaction.on_commit(partial(finish_if_done, alert.pk))
    transaction.on_commit(partial(_schedule_check, alert.pk, at))
    return ranges


def _schedule_check(alert_id, at):
    """Look again once a dead worker's claim would be stale, and resume what it left."""
    from .tasks import check_alert

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


def send_batch(alert_id, low, high, *, sender=None, sleep=time.sleep, at=None):
    """Send the alert to the subscriptions with ids in [low, high] that did not get it yet.

    Returns a dict of counts. A batch run twice sends nothing twice: deliveries are
    claimed before sending and settled right after, a few dozen at a time. A few threads
    send at once so that waiting on the network overlaps with encrypting.
    """
    at = at or now()
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None or alert.state == Alert.State.CANCELLED:
        return {}
    own_sender = sender is None
    sender = sender or make_sender()
    token = _claim(alert_id, low, high, at)
    total = dict.fromkeys(("sent", "delivered", "removed", "failed"), 0)
    # Read the whole batch first: a cursor left open would pin an old SQLite snapshot
    # and make this connection's next write fail while other workers write.
    deliveries = list(
        Delivery.objects.filter(alert_id=alert_id, claim=token, state=Delivery.State.CLAIMED)
        .select_related("subscription")
        .order_by("subscription_id")
    )

    def send_one(delivery):
        return deliver(alert, delivery.subscription, sender=sender, sleep=sleep)

    step = settings.ALERTS_SETTLE_EVERY
    try:
        with ThreadPoolExecutor(max_workers=settings.ALERTS_SEND_THREADS) as pool:
            for start in range(0, len(deliveries), step):
                chunk = deliveries[start : start + step]
                counts = dict.fromkeys(total, 0)
                for delivery, outcome in zip(chunk, pool.map(send_one, chunk), strict=True):
                    delivery.state = outcome.state
                    delivery.status_code = outcome.status
                    delivery.attempts = outcome.attempts
                    delivery.finished_at = now()
                    counts["sent"] += 1
                    counts[_COUNTER[outcome.state]] += 1
                    if outcome.flag:
                        flag_for_operator(alert, outcome.flag)
                _settle(alert, chunk, counts)
                for key, value in counts.items():
                    total[key] += value
    finally:
        if own_sender:
            sender.close()
    finish_if_done(alert_id)
    return total


_COUNTER = {
    Delivery.State.DELIVERED: "delivered",
    Delivery.State.REMOVED: "removed",
    Delivery.State.FAILED: "failed",
}


def _settle(alert, deliveries, counts):
    if not deliveries:
        return
    with transaction.atomic():
        Delivery.objects.bulk_update(
            deliveries, ["state", "status_code", "attempts", "finished_at"], batch_size=200
        )
        Alert.objects.filter(pk=alert.pk).update(
            sent=F("sent") + counts["sent"],
            delivered=F("delivered") + counts["delivered"],
            removed=F("removed") + counts["removed"],
            failed=F("failed") + counts["failed"],
        )
        gone = [
            d.subscription_id
            for d in deliveries
            if d.state == Delivery.State.REMOVED and d.subscription_id
        ]
        if gone:
            PushSubscription.objects.filter(pk__in=gone).delete()


def finish_if_done(alert_id):
    unsettled = Delivery.objects.filter(
        alert_id=alert_id, state__in=[Delivery.State.PENDING, Delivery.State.CLAIMED]
    )
    if not unsettled.exists():
        Alert.objects.filter(pk=alert_id, state=Alert.State.SENDING).update(
            state=Alert.State.DONE, finished_at=now()
        )


def make_sender():
    return import_string(settings.ALERTS_SENDER)()


@dataclass
class Outcome:
    state: str
    status: int | None
    attempts: int
    flag: str = ""  # what an operator must be told


def deliver(alert, subscription, *, sender, sleep=time.sleep):
    """Send one message, following what the push service answers (RFC 8030)."""
    if subscription is None:  # removed since the delivery was planned
        return Outcome(Delivery.State.REMOVED, None, 0)
    level = 0
    status = None
    attempt = 0
    for attempt in range(1, settings.ALERTS_MAX_ATTEMPTS + 1):  # noqa: B007 - read below
        response = sender.send(
            subscription,
            payload_for(alert, level),
            ttl=alert.ttl,
            urgency=alert.urgency,
            topic=alert.topic,
        )
        status = response.status
        if status in (200, 201, 202):
            return Outcome(Delivery.State.DELIVERED, status, attempt)
        if status in (404, 410):
            # The browser unsubscribed or the subscription expired: forget it.
            return Outcome(Delivery.State.REMOVED, status, attempt)
        if status == 413 and level < MAX_SHRINK:
            level += 1
            continue
        if status == 429:
            sleep(retry_delay(response.retry_after, attempt))
            continue
        if status >= 500:
            sleep(backoff(attempt))
            continue
        if status in (400, 401, 403):
            # A key or token the push service refuses: deleting would wipe valid
            # subscribers, so keep them and tell an operator.
            return Outcome(
                Delivery.State.FAILED, status, attempt, flag=_flag(subscription, response)
            )
        break
    return Outcome(Delivery.State.FAILED, status, attempt)


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
    from .sender import origin_of

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


# --- Reading the results ---------------------------------------------------------------


def record_click(alert_id):
    return Alert.objects.filter(pk=alert_id).update(clicks=F("clicks") + 1)


def progress(alert):
    """Counts for the alert page, straight from the deliveries."""
    states = dict(
        Delivery.objects.filter(alert=alert)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    alert.refresh_from_db()
    return {
        "state": alert.state,
        "state_label": alert.get_state_display(),
        "recipients": alert.recipients,
        "pending": states.get(Delivery.State.PENDING, 0) + states.get(Delivery.State.CLAIMED, 0),
        "sent": alert.sent,
        "delivered": states.get(Delivery.State.DELIVERED, 0),
        "removed": states.get(Delivery.State.REMOVED, 0),
        "failed": states.get(Delivery.State.FAILED, 0),
        "clicks": alert.clicks,
        "operator_flag": alert.operator_flag,
        "send_after": alert.send_after.isoformat() if alert.send_after else None,
    }
