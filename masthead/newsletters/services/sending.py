"""Sending an edition: freeze the recipients, then batches, each over a few SMTP connections.

Each recipient has a delivery row (unique per edition and address). The delivery engine
(`masthead.core.delivery`) claims them before the message is handed to the mail server and
settles each as *sent* as soon as the server accepts it (copies are completed one at a time,
see ``outbox``), so a batch run twice sends nothing twice, and a worker killed mid-batch
duplicates at most the message that was in flight when the batch is resumed.
"""

import logging
import math
import random
import smtplib
import time
from datetime import timedelta
from email.utils import make_msgid
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.mail import mailers
from django.db import connection, transaction
from django.db.models import F, Q, Window
from django.db.models.functions import Coalesce, Lower, RowNumber

from masthead.core import clock
from masthead.core import delivery as delivery_engine
from masthead.core.delivery import State

from .. import conf
from ..models import LEDGER, Batch, Delivery, Edition, Send, Subscription, Suppression
from ..signing import SignedMessage
from . import editions, outbox, presend

logger = logging.getLogger(__name__)

# Recipient errors that mean the address does not exist or accepts no mail.
PERMANENT_ADDRESS_CODES = {550, 551, 553}
# Deliveries claimed (marked in flight) in one write; the batch beats as often.
CLAIM_EVERY = 100


def _enqueue_batches(batch_ids):
    from ..tasks import send_batch

    def enqueue():
        for batch_id in batch_ids:
            send_batch.enqueue(batch_id)

    transaction.on_commit(enqueue)


def recipient_rows(newsletter):
    """Subscriptions the newsletter goes to now: active subscriptions, active members,
    nothing suppressed, each address once (its oldest subscription), with the address as
    ``recipient_address``. A queryset, so that a send can freeze it inside the database."""
    return (
        Subscription.objects.active()
        .filter(newsletter=newsletter)
        .filter(Q(member=None) | Q(member__is_active=True))
        .annotate(recipient_address=Lower(Coalesce("member__email", "email")))
        .exclude(recipient_address="")
        .exclude(recipient_address__in=Suppression.objects.values("email"))
        .annotate(
            nth=Window(RowNumber(), partition_by=[F("recipient_address")], order_by=F("pk").asc())
        )
        .filter(nth=1)
        .order_by("pk")
    )


def recipients(newsletter):
    """Pairs of (address, subscription) the newsletter goes to now."""
    return [(row.recipient_address, row) for row in recipient_rows(newsletter)]


def start(edition_id, *, started_by=None):
    """Start sending an edition: freeze its recipients into deliveries and queue the batches.

    Returns the send, or None when the edition cannot go out (nothing in it, already sent or
    cancelled). Starting twice returns the first send.
    """
    size = conf.get("NEWSLETTERS_BATCH_SIZE")
    with transaction.atomic():
        edition = (
            Edition.objects.select_for_update().select_related("newsletter").get(pk=edition_id)
        )
        existing = Send.objects.filter(edition=edition).first()
        if existing is not None:
            return existing
        # A draft that follows the news goes out with the news as it is now.
        editions.follow_news(edition)
        if not edition.editable or not editions.story_cards(edition):
            return None
        blocked = presend.block_reason()
        if blocked:
            logger.error("Edition %s not sent: %s", edition.pk, blocked)
            return None
        people = recipient_rows(edition.newsletter)
        count = people.count()
        send = Send.objects.create(edition=edition, recipients=count, started_by=started_by)
        batches = Batch.objects.bulk_create(
            Batch(send=send, number=number) for number in range(math.ceil(count / size))
        )
        batch_ids = [batch.pk for batch in batches]
        _freeze(edition, send, people, size)
        edition.state = Edition.State.SENDING
        edition.save(update_fields=["state"])
        _enqueue_batches(batch_ids)
    if not batch_ids:
        finish(send.pk)
    return send


def _freeze(edition, send, people, size):
    """One pending delivery per recipient, in batches of ``size`` by subscription order,
    written by the database itself (INSERT … SELECT): building 100,000 rows in Python
    kept a send from starting for many seconds."""
    select, params = (
        people.order_by()
        .values(
            recipient_id=F("pk"),
            recipient_email=F("recipient_address"),
            recipient_token=F("unsubscribe_token"),
        )
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Delivery._meta.db_table} (edition_id, batch_id, subscription_id, email,
                unsubscribe_token, status, claim, message_id, attempts, last_error)
            SELECT %s, batch.id, numbered.recipient_id, numbered.recipient_email,
                numbered.recipient_token, %s, '', '', 0, ''
            FROM (
                SELECT chosen.*,
                    (ROW_NUMBER() OVER (ORDER BY chosen.recipient_id) - 1) / %s AS number
                FROM ({select}) AS chosen
            ) AS numbered
            JOIN {Batch._meta.db_table} AS batch
                ON batch.send_id = %s AND batch.number = numbered.number
            ORDER BY numbered.recipient_id
            """,  # noqa: S608 - our tables and the ORM's own SQL; values are parameters  # nosec B608
            [edition.pk, Delivery.Status.PENDING, size, *params, send.pk],
        )


def _domain():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def list_id(newsletter):
    return f"{newsletter.name} <{newsletter.slug}.{_domain()}>"


def _mailto(newsletter, token):
    address = (
        conf.get("NEWSLETTERS_UNSUBSCRIBE_MAILTO")
        or newsletter.reply_to
        or _address_only(newsletter.from_email)
    )
    return f"mailto:{address}?subject={quote('unsubscribe ' + token)}"


def _address_only(value):
    from email.utils import parseaddr

    return parseaddr(value)[1]


def build_message(edition, rendered, *, to, token, message_id):
    """One recipient's copy, with the bulk-sender headers (RFC 2369, 2919, 8058)."""
    newsletter = edition.newsletter
    text, html = rendered.for_token(token)
    message = SignedMessage(
        subject=rendered.subject,
        body=text,
        from_email=newsletter.from_email,
        to=[to],
        reply_to=[newsletter.reply_to] if newsletter.reply_to else None,
        headers={
            "Message-ID": message_id,
            "List-Id": list_id(newsletter),
            "List-Unsubscribe": (
                f"<{editions.unsubscribe_url(token)}>, <{_mailto(newsletter, token)}>"
            ),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def classify(error):
    """``("retry" | "suppress" | "fail", detail)`` for an exception raised while sending."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()), (0, b""))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, reply = error.smtp_code, error.smtp_error
    else:  # disconnected, refused connection, timeout: the server may be back later
        return "retry", str(error)[:500]
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    detail = f"{code} {reply}"[:500]
    if 400 <= code < 500:
        return "retry", detail
    if code in PERMANENT_ADDRESS_CODES:
        return "suppress", detail
    return "fail", detail


def backoff(attempts, *, rng=random.random):
    """Seconds to wait after the ``attempts``-th temporary failure: exponential, ±50% jitter."""
    base = conf.get("NEWSLETTERS_BACKOFF_BASE") * 2 ** max(attempts - 1, 0)
    return base * (0.5 + rng())


def _lease(batch_id, now):
    """Take the batch for this run, unless it is finished or another live run holds it."""
    stale = now - timedelta(seconds=conf.get("NEWSLETTERS_STUCK_SECONDS"))
    with transaction.atomic():
        batch = Batch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.state == Batch.State.DONE:
            return None
        if batch.state == Batch.State.RUNNING and batch.heartbeat_at and batch.heartbeat_at > stale:
            return None
        batch.state = Batch.State.RUNNING
        batch.heartbeat_at = now
        batch.runs += 1
        batch.save(update_fields=["state", "heartbeat_at", "runs"])
    return batch


class BatchRun(delivery_engine.Run):
    """The engine's run over one batch, which it holds alone: its heartbeat keeps the batch's
    too, so the sweep (`resume`) leaves it to this run."""

    def __init__(self, batch):
        super().__init__(LEDGER, batch.deliveries.all(), exclusive=True)
        self.batch = batch

    def heartbeat(self):
        super().heartbeat()
        Batch.objects.filter(pk=self.batch.pk).update(heartbeat_at=clock.now())


class Smtp(delivery_engine.Transport):
    """The edition's transport: its copies over a few SMTP connections (``outbox``), each
    settled the moment the server accepts it (so a worker killed mid-batch duplicates at
    most the copy in flight), suppressed addresses left out."""

    def __init__(self, send, box, *, rng):
        self.edition_send = send
        self.box = box
        self.rng = rng
        self.max_attempts = conf.get("NEWSLETTERS_MAX_ATTEMPTS")

    def send(self, rows, on_result):
        suppressed = set(
            Suppression.objects.filter(email__in=[row[1] for row in rows]).values_list(
                "email", flat=True
            )
        )
        jobs = []
        for row in rows:
            if row[1] in suppressed:
                on_result(row, delivery_engine.Outcome(Delivery.Status.SUPPRESSED))
            else:
                jobs.append((row[1], row[2], message_id(self.edition_send, row[0]), row))
        self.box.send_all(jobs, lambda row, error: on_result(row, self.outcome(row, error)))

    def outcome(self, row, error):
        """What became of one copy: delivered, deferred for a retry, suppressed or failed."""
        pk, email, _token, attempts = row
        message_id_ = message_id(self.edition_send, pk)
        if error is None:
            return delivery_engine.Outcome(
                State.DELIVERED, sent_at=clock.now(), message_id=message_id_, last_error=""
            )
        outcome, detail = classify(error)
        if outcome == "retry":
            if attempts + 1 < self.max_attempts:
                wait = timedelta(seconds=backoff(attempts + 1, rng=self.rng))
                return delivery_engine.Outcome(
                    State.DEFERRED,
                    retry_at=clock.now() + wait,
                    message_id=message_id_,
                    last_error=detail,
                )
            outcome = "fail"
        if outcome == "suppress":
            suppress(email, Suppression.Reason.BOUNCE, detail)
            state = Delivery.Status.SUPPRESSED
        else:
            state = State.FAILED
        return delivery_engine.Outcome(state, message_id=message_id_, last_error=detail)


def message_id(send, delivery_id):
    """The delivery's Message-ID: the same on every attempt, so a copy sent twice after a
    crash can be recognised as one message."""
    return f"<{send.started_at:%Y%m%d%H%M%S}.e{send.edition_id}.d{delivery_id}@{_domain()}>"


# Each worker process renders a sending edition once: it no longer changes, and every batch
# then carries the same edition even if a story is unpublished halfway through the send.
_RENDERED = {}


def _rendered(send):
    key = (send.edition_id, send.started_at)
    if key not in _RENDERED:
        if len(_RENDERED) >= 8:
            _RENDERED.pop(next(iter(_RENDERED)))
        _RENDERED[key] = editions.render(send.edition)
    return _RENDERED[key]


def send_batch(batch_id, *, mailer=None, sleep=time.sleep, rng=random.random):
    """Send one batch; safe to run twice, in parallel or after a crash. Returns messages sent."""
    batch = _lease(batch_id, clock.now())
    if batch is None:
        return 0
    send = Send.objects.select_related("edition__newsletter").get(pk=batch.send_id)
    edition = send.edition
    rendered = _rendered(send)

    def build(to, token, message_id):
        return build_message(edition, rendered, to=to, token=token, message_id=message_id)

    box = outbox.Outbox(
        mailer or mailers.default,
        build,
        connections=conf.get("NEWSLETTERS_SMTP_CONNECTIONS"),
        factory=None if mailer else lambda: mailers.default,
    )
    inline_wait = conf.get("NEWSLETTERS_INLINE_RETRY_SECONDS")
    run, smtp = BatchRun(batch), Smtp(send, box, rng=rng)
    sent = 0
    try:
        _relax_commits(True)
        while True:
            tally = delivery_engine.deliver(
                run, smtp, "email", "unsubscribe_token", "attempts", limit=CLAIM_EVERY
            )
            sent += tally[State.DELIVERED]
            first = delivery_engine.next_retry(LEDGER, run.scope)
            if first is None:
                break
            wait = (first - clock.now()).total_seconds()
            if wait > inline_wait:
                _wait_for_retry(batch, first)
                return sent
            box.close()
            sleep(max(wait, 0))
            run.heartbeat()
    finally:
        box.close()
        _relax_commits(False)
    Batch.objects.filter(pk=batch.pk).update(state=Batch.State.DONE, heartbeat_at=clock.now())
    finish(batch.send_id)
    return sent


def _relax_commits(relaxed):
    """On PostgreSQL, let each delivery's mark commit without waiting for the disk flush
    (several milliseconds, one per message otherwise). A worker that dies loses nothing: the
    server holds the row. Only a crash of the database server itself could forget the last
    moment's marks, and resuming then sends those few messages again."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off" if relaxed else "RESET synchronous_commit")


def _wait_for_retry(batch, when):
    from ..tasks import send_batch as task

    Batch.objects.filter(pk=batch.pk).update(state=Batch.State.WAITING, retry_at=when)
    if task.get_backend().supports_defer:
        transaction.on_commit(lambda: task.using(run_after=when).enqueue(batch.pk))
    # Otherwise the stuck-batch sweep (`resume`) picks it up once it is due.


def suppress(email, reason, detail=""):
    """Never mail ``email`` again until its reader confirms it anew."""
    suppression, created = Suppression.objects.get_or_create(
        email=email.lower(), defaults={"reason": reason, "detail": detail[:500]}
    )
    if not created and reason == Suppression.Reason.COMPLAINT != suppression.reason:
        # A complaint outweighs an earlier bounce: it counts towards the complaint rate.
        suppression.reason, suppression.detail = reason, detail[:500]
        suppression.created_at = clock.now()
        suppression.save(update_fields=["reason", "detail", "created_at"])
    return suppression


def finish(send_id):
    """Mark the send and its edition done once every batch is, and no delivery is left
    unsettled."""
    with transaction.atomic():
        send = Send.objects.select_for_update().get(pk=send_id)
        if send.state == Send.State.DONE:
            return False
        if send.batches.exclude(state=Batch.State.DONE).exists():
            return False
        if not delivery_engine.is_finished(LEDGER, Delivery.objects.filter(batch__send=send)):
            return False
        send.state = Send.State.DONE
        send.finished_at = clock.now()
        send.save(update_fields=["state", "finished_at"])
        Edition.objects.filter(pk=send.edition_id).update(state=Edition.State.SENT)
    return True


def resume():
    """Queue again every batch whose worker died (no heartbeat for NEWSLETTERS_STUCK_SECONDS)
    and every batch waiting for a retry that is now due. Returns the batch ids queued."""
    now = clock.now()
    stale = now - timedelta(seconds=conf.get("NEWSLETTERS_STUCK_SECONDS"))
    ids = list(
        Batch.objects.filter(
            Q(state=Batch.State.RUNNING, heartbeat_at__lt=stale)
            | Q(state=Batch.State.WAITING, retry_at__lte=now)
            | Q(state=Batch.State.QUEUED, send__started_at__lt=stale)
        ).values_list("pk", flat=True)
    )
    # Queued again, the batch is free for the next run to claim, whatever that worker's
    # own idea of "silent too long".
    Batch.objects.filter(pk__in=ids).exclude(state=Batch.State.DONE).update(
        state=Batch.State.QUEUED
    )
    _enqueue_batches(ids)
    return ids


def progress(send):
    """Counts for the progress view: recipients, sent, deferred, failed, suppressed…, and
    the outcome in words with the failures named."""
    from .outcome import counts as outcome_counts
    from .outcome import failure_reasons, outcome_label

    edition = Edition.objects.select_related("newsletter").get(pk=send.edition_id)
    numbers = outcome_counts(edition)
    counts = numbers["by_state"]
    return {
        "state": send.state,
        "outcome": outcome_label(edition, numbers),
        "failures": "; ".join(failure_reasons(edition)),
        "recipients": send.recipients,
        "pending": counts[State.PENDING] + counts[State.CLAIMED],
        "sent": counts[State.DELIVERED],
        "deferred": counts[State.DEFERRED],
        "failed": counts[State.FAILED],
        "suppressed": counts[Delivery.Status.SUPPRESSED],
        "batches": send.batches.count(),
        "batches_done": send.batches.filter(state=Batch.State.DONE).count(),
    }


def send_test(edition, to, *, mailer=None):
    """Send the edition as it will go out to one address (an editor's own), with no delivery
    record and a token that unsubscribes no one."""
    editions.follow_news(edition)
    rendered = editions.render(edition)
    message = build_message(
        edition,
        rendered,
        to=to,
        token="test",  # noqa: S106 - names no subscription  # nosec B106
        message_id=make_msgid(idstring=f"e{edition.pk}.test", domain=_domain()),
    )
    message.subject = f"[Test] {message.subject}"
    (mailer or mailers.default).send_messages([message])


def due_editions():
    """Assemble today's edition of every automatic newsletter and start those that are due."""
    from ..models import Newsletter

    # One moment for the whole run: every newsletter is judged, drafted and started as of
    # the same time, so a run across midnight does not draft one for today and the next
    # for tomorrow.
    now = clock.now()
    started = []
    for newsletter in Newsletter.objects.filter(is_active=True):
        local_today = now.astimezone(newsletter.zone).date()
        if newsletter.automatic:
            # Drafted once, then kept up with the news until it goes out or is edited.
            editions.follow_news(editions.assemble(newsletter, local_today, now=now), now=now)
        due = Edition.objects.filter(
            newsletter=newsletter, state=Edition.State.SCHEDULED, scheduled_for__lte=now
        )
        if newsletter.automatic:
            due = due | Edition.objects.filter(
                newsletter=newsletter,
                state=Edition.State.DRAFT,
                date=local_today,
                scheduled_for__lte=now,
            )
        for edition in due:
            if start(edition.pk) is not None:
                started.append(edition.pk)
    return started
