"""Reading an alert's results: clicks and delivery progress for the admin."""

from django.db.models import Count, F

from ..models import Alert, Delivery
from .outcome import failure_reasons, outcome_label


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
        "state_label": outcome_label(alert),
        "failures": "; ".join(failure_reasons(alert)),
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
