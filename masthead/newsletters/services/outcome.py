"""What became of an edition, in words an editor can trust.

The stored state says where sending is; once it has finished, what the editor reads is the
outcome, worked out from the deliveries: an edition nobody received never reads "sent".
Failures are counted and named: the mail server's refusals by their SMTP reply, addresses
on the suppression list, and bounces a mail provider reported after accepting the message.
"""

import re
from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q

from masthead.core import delivery as delivery_engine
from masthead.core.delivery import State
from masthead.core.outcomes import finished_label

from ..models import LEDGER, Delivery, Edition, Send, Suppression

# What an enhanced status code (RFC 3463) means, for the codes mail servers use most.
ENHANCED = {
    "5.1.1": "no such mailbox",
    "5.1.2": "no such domain",
    "5.2.1": "mailbox disabled",
    "5.2.2": "mailbox full",
    "5.7.1": "refused by the receiver's policy",
    "4.2.2": "mailbox full",
    "4.7.0": "temporarily refused",
}
_REPLY = re.compile(r"^(?P<code>[2-5]\d\d)(?:[ -](?P<enhanced>[2-5]\.\d{1,3}\.\d{1,3}))?")

_WAITING = {
    Edition.State.DRAFT: "Draft",
    Edition.State.SCHEDULED: "Scheduled",
    Edition.State.SKIPPED: "Skipped: nothing published",
    Edition.State.CANCELLED: "Not sent",
}


def bounced_later():
    """Deliveries a provider later reported as a hard bounce (the server had accepted them)."""
    return Exists(
        Suppression.objects.filter(
            email=OuterRef("email"),
            reason=Suppression.Reason.BOUNCE,
            created_at__gte=OuterRef("sent_at"),
        )
    )


def counts(edition):
    """``{"recipients", "delivered", "failed", "waiting"}`` for the edition's send."""
    send = Send.objects.filter(edition=edition).first()
    rows = delivery_engine.progress(LEDGER, edition.deliveries.all())
    bounced = edition.deliveries.filter(bounced_later(), status=Delivery.Status.SENT).count()
    return {
        "by_state": rows,
        "recipients": send.recipients if send else 0,
        "delivered": rows[State.DELIVERED] - bounced,
        "failed": rows[State.FAILED] + rows[Delivery.Status.SUPPRESSED] + bounced,
        "waiting": rows["waiting"],
    }


def outcome_label(edition, numbers=None):
    """The edition's state in words: waiting, sending, or what the send achieved."""
    if edition.state in _WAITING:
        return _WAITING[edition.state]
    numbers = numbers or counts(edition)
    if edition.state == Edition.State.SENDING:
        label = f"Sending: {numbers['delivered']} of {numbers['recipients']} delivered so far"
        return label + (f", {numbers['failed']} failed" if numbers["failed"] else "")
    return finished_label(
        recipients=numbers["recipients"],
        delivered=numbers["delivered"],
        failed=numbers["failed"],
    )


def _reply_reason(detail):
    """``("SMTP 550 5.1.1", "no such mailbox")`` for a server's reply, or an unreachable
    server's error."""
    match = _REPLY.match(detail)
    if match is None:
        return "mail server unreachable", "connection failed; gave up after retries"
    code, enhanced = match["code"], match["enhanced"]
    key = f"SMTP {code} {enhanced}" if enhanced else f"SMTP {code}"
    meaning = ENHANCED.get(enhanced or "", "refused by the mail server")
    if code.startswith("4"):
        meaning += "; gave up after retries"
    return key, meaning


def failure_reasons(edition):
    """Why the edition's failed deliveries failed, grouped and counted, most frequent first:
    ``["SMTP 550 5.1.1 ×3 (no such mailbox; address suppressed)", …]``."""
    groups = Counter()
    failed = (
        edition.deliveries.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.SUPPRESSED])
        .values_list("status", "last_error")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for status, detail, count in failed:
        if status == Delivery.Status.SUPPRESSED and not detail:
            groups["on the suppression list", "an earlier bounce or complaint"] += count
            continue
        key, meaning = _reply_reason(detail)
        if status == Delivery.Status.SUPPRESSED:
            meaning += "; address suppressed"
        groups[key, meaning] += count
    bounced = edition.deliveries.filter(Q(status=Delivery.Status.SENT), bounced_later()).count()
    if bounced:
        groups["bounced after sending", "reported by the mail provider; address suppressed"] += (
            bounced
        )
    ranked = sorted(groups.items(), key=lambda item: (-item[1], item[0]))
    return [f"{key} ×{count} ({meaning})" for (key, meaning), count in ranked]
