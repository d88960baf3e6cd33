"""Browsers subscribing, changing their topics and unsubscribing."""

import fnmatch

from django.conf import settings
from django.db import transaction

from .. import keys
from ..models import PushSubscription, SubscriptionTopic
from ..sender import origin_of
from .audience import SubscriptionError, clean_topics, topic_labels


def endpoint_allowed(endpoint):
    """Only push services we know: the server POSTs to this address on every alert."""
    if not isinstance(endpoint, str) or len(endpoint) > 1000:
        return False
    # Sent as stored, without re-encoding: printable ASCII only.
    if not endpoint.isascii() or not endpoint.isprintable() or " " in endpoint:
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


def export_for(member):
    """The member's browsers that get alerts, for the account's data export: what each is
    alerted about and through which push service (not the browser's keys, which are the
    push service's and the browser's secret)."""
    return [
        {
            "browser": record.browser_name,
            "user_agent": record.user_agent,
            "push_service": record.origin,
            "topics": [
                {"key": key, "name": name}
                for key, name in zip(record.topics, topic_labels(record.topics), strict=True)
            ],
            "subscribed_at": record.created_at.isoformat(),
            "changed_at": record.updated_at.isoformat(),
        }
        for record in PushSubscription.objects.filter(member=member).order_by("created_at")
    ]
