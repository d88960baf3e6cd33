"""What became of an alert, in words an editor can trust.

The stored state says where the sending engine is; once it has finished, what the editor
reads is the outcome, worked out from the delivery counts: an alert nobody received never
reads "Sent". Failures are counted and named by the push services' answers.
"""

from collections import defaultdict
from http import HTTPStatus

from django.db.models import Count

from masthead.core.outcomes import finished_label

from ..models import Alert, Delivery

# What the sender reports when a push service could not be reached at all.
UNREACHABLE = 599


def outcome_label(alert):
    """The alert's state in words: where sending is, or, once finished, what it achieved."""
    state = alert.state
    if state == Alert.State.HELD:
        return "Held for quiet hours"
    if state == Alert.State.QUEUED:
        return "Queued"
    if state == Alert.State.CANCELLED:
        return "Cancelled"
    delivered = alert.delivered
    failed = alert.failed + alert.removed
    if state == Alert.State.SENDING:
        return f"Sending: {delivered} of {alert.recipients} delivered so far" + (
            f", {failed} failed" if failed else ""
        )
    return finished_label(recipients=alert.recipients, delivered=delivered, failed=failed)


def _reason(state, status, count):
    if state == Delivery.State.REMOVED:
        if status is None:
            return f"unsubscribed before sending ×{count} (subscriptions removed)"
        return f"{_status(status)} ×{count} (subscriptions removed)"
    if status is None or status == UNREACHABLE:
        return f"push service unreachable ×{count}"
    if status in (400, 401, 403):
        return f"{_status(status)} ×{count} (the push service refused our VAPID key)"
    if status == 429:
        return f"{_status(status)} ×{count} (rate limited; gave up after retries)"
    if status >= 500:
        return f"{_status(status)} ×{count} (push service error; gave up after retries)"
    return f"{_status(status)} ×{count}"


def _status(code):
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def failure_reasons_for(alert_ids):
    """``{alert id: [reason, …]}`` for these alerts, most frequent first, in one query."""
    rows = (
        Delivery.objects.filter(
            alert_id__in=list(alert_ids),
            state__in=[Delivery.State.FAILED, Delivery.State.REMOVED],
        )
        .values_list("alert_id", "state", "status_code")
        .annotate(n=Count("id"))
        .order_by()
    )
    grouped = defaultdict(list)
    for alert_id, state, status, count in rows:
        grouped[alert_id].append((count, _reason(state, status, count)))
    return {
        alert_id: [text for _, text in sorted(reasons, key=lambda r: (-r[0], r[1]))]
        for alert_id, reasons in grouped.items()
    }


def failure_reasons(alert):
    """Why the alert's failed deliveries failed, grouped: ``["410 Gone ×3 (…)", …]``."""
    return failure_reasons_for([alert.pk]).get(alert.pk, [])
