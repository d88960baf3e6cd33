"""Creating an alert from the editor's form, and releasing alerts held for quiet hours."""

import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.db import transaction

from masthead.core import clock

from ..models import EVERYONE, Alert
from .guard import guard, quiet_until
from .payload import BODY_MAX, TITLE_MAX

logger = logging.getLogger("masthead.alerts")

TOPIC_HEADER = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


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
):
    """Create an alert and queue it (or hold it for quiet hours).

    Raises ValueError with the reason when the guard blocks it, or warns and
    `confirmed_repeat` is false.
    """
    at = clock.now()
    title, body = title.strip()[:TITLE_MAX], (body or "").strip()[:BODY_MAX]
    if not title:
        raise ValueError("An alert needs a headline.")
    result = guard(title=title, body=body)
    if result.blocked:
        raise ValueError(result.blocked)
    if result.warning and not confirmed_repeat:
        raise ValueError(result.warning)
    audience = audience or [EVERYONE]
    held_until = None if urgency == Alert.Urgency.HIGH else quiet_until(audience)
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
    from ..tasks import dispatch_alert

    if alert.state == Alert.State.HELD:
        backend = dispatch_alert.get_backend()
        if not backend.supports_defer:
            return  # `masthead alerts release` (or the next release run) sends it
        dispatch_alert.using(run_after=alert.send_after).enqueue(alert.pk)
        return
    dispatch_alert.enqueue(alert.pk)


def release_held():
    """Queue held alerts whose quiet hours are over; returns how many."""
    from .fanout import dispatch

    due = list(Alert.objects.filter(state=Alert.State.HELD, send_after__lte=clock.now()))
    for alert in due:
        dispatch(alert.pk)
    return len(due)
