"""What mail providers report after sending: bounces and spam complaints suppress the address.

The reports arrive as django-anymail tracking events (one per recipient), from the webhooks in
``masthead.newsletters.webhooks``; the address is then never mailed again until its reader
confirms it anew (``subscriptions.lift_suppression``).
"""

import logging

from anymail.signals import EventType

from ..models import Suppression
from .sending import suppress

logger = logging.getLogger(__name__)

# A hard bounce means the address does not exist; a complaint that the reader marked us as
# spam. Deferrals (soft bounces) and everything else change nothing.
SUPPRESSING = {
    EventType.BOUNCED: Suppression.Reason.BOUNCE,
    EventType.COMPLAINED: Suppression.Reason.COMPLAINT,
}


def _temporary(event, esp_name):
    """Bounces that anymail reports as ``bounced`` but the provider calls temporary."""
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    if esp_name == "Amazon SES":
        return raw.get("bounce", {}).get("bounceType") != "Permanent"
    if esp_name == "Postmark":
        return raw.get("Type") == "SoftBounce"
    if esp_name == "SendGrid":
        return raw.get("type") == "blocked"  # the receiver refused us for now, not the address
    return False


def record(event, esp_name):
    """Suppress the recipient of a bounce or complaint event. Returns the suppression, or None
    when the event changes nothing."""
    reason = SUPPRESSING.get(event.event_type)
    if reason is None or not event.recipient:
        return None
    if reason == Suppression.Reason.BOUNCE and _temporary(event, esp_name):
        return None
    detail = event.description or event.mta_response or event.event_type
    logger.info("%s reported %s for a newsletter recipient", esp_name, event.event_type)
    return suppress(event.recipient, reason, f"{esp_name}: {detail}")
