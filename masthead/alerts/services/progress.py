"""Reading an alert's results: clicks and delivery progress for the admin."""

from django.db.models import F

from masthead.core import delivery as delivery_engine
from masthead.core.delivery import State

from ..models import LEDGER, Alert, Delivery
from .outcome import failure_reasons, outcome_label


def record_click(alert_id):
    return Alert.objects.filter(pk=alert_id).update(clicks=F("clicks") + 1)


def progress(alert):
    """Counts for the alert page, straight from the deliveries."""
    states = delivery_engine.progress(LEDGER, Delivery.objects.filter(alert=alert))
    alert.refresh_from_db()
    return {
        "state": alert.state,
        "state_label": outcome_label(alert),
        "failures": "; ".join(failure_reasons(alert)),
        "recipients": alert.recipients,
        "pending": states["waiting"],
        "sent": alert.sent,
        "delivered": states[State.DELIVERED],
        "removed": states[Delivery.State.REMOVED],
        "failed": states[State.FAILED],
        "clicks": alert.clicks,
        "operator_flag": alert.operator_flag,
        "send_after": alert.send_after.isoformat() if alert.send_after else None,
    }
