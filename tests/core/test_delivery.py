"""The delivery engine, driven through a small real transport: plain emails to an SMTP server
on loopback. The deliveries are newsletters' rows (any table with the engine's fields would
do); the run, claims, settlement and progress are the engine's."""

import smtplib
from datetime import timedelta
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from masthead.core import delivery
from masthead.core.delivery import Outcome, Run, State
from masthead.newsletters.models import LEDGER, Batch, Delivery, Edition, Send
from masthead.newsletters.services.subscriptions import ensure_daily_edition
from tests.smtp import Sink, free_port

pytestmark = pytest.mark.django_db


class RefusingSink(Sink):
    """Answers 451 (try later) to addresses starting with ``later``, 550 to ``gone``."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("later"):
            return "451 4.3.0 Try again later"
        if address.startswith("gone"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def sink():
    sink = RefusingSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


class Mail(delivery.Transport):
    """One short email per delivery over one SMTP connection; a 4xx is deferred for a
    minute, a 5xx fails."""

    def __init__(self, port, clock):
        self.port = port
        self.clock = clock

    def send(self, rows, on_result):
        with smtplib.SMTP("127.0.0.1", self.port, timeout=5) as smtp:
            for row in rows:
                pk, email = row
                message = EmailMessage()
                message["From"], message["To"], message["Subject"] = "desk@x.test", email, f"#{pk}"
                message.set_content("Hello")
                try:
                    smtp.send_message(message)
                except smtplib.SMTPRecipientsRefused as error:
                    code = next(iter(error.recipients.values()))[0]
                    smtp.rset()
                    if code < 500:
                        retry_at = self.clock.now() + timedelta(minutes=1)
                        on_result(row, Outcome(State.DEFERRED, retry_at=retry_at))
                    else:
                        on_result(row, Outcome(State.FAILED, last_error=str(code)))
                else:
                    on_result(row, Outcome(State.DELIVERED, message_id=f"m{pk}"))


def deliveries(*addresses):
    """One pending delivery per address, in one batch of one send."""
    edition = Edition.objects.create(
        newsletter=ensure_daily_edition(), date="2026-01-01", state=Edition.State.SENDING
    )
    batch = Batch.objects.create(send=Send.objects.create(edition=edition), number=0)
    Delivery.objects.bulk_create(
        Delivery(edition=edition, batch=batch, email=address, unsubscribe_token=address)
        for address in addresses
    )
    return batch.deliveries.all()


def received(sink):
    return sorted(message["To"] for message in sink.messages)


def test_a_run_sends_each_delivery_once_and_settles_it(sink, clock):
    """Every pending delivery goes out once and is settled delivered; the fan-out is then
    finished, and a second run finds nothing to claim."""
    scope = deliveries("a@x.test", "b@x.test", "c@x.test")
    mail = Mail(sink.port, clock)

    tally = delivery.deliver(Run(LEDGER, scope), mail, "email", settle_every=2)

    assert tally == {State.DELIVERED: 3}
    assert received(sink) == ["a@x.test", "b@x.test", "c@x.test"]
    assert set(scope.values_list("status", "attempts")) == {("sent", 1)}
    assert delivery.is_finished(LEDGER, scope)
    assert delivery.deliver(Run(LEDGER, scope), mail, "email") == {}
    assert len(sink.messages) == 3


def test_outcomes_are_recorded_with_the_transports_fields(sink, clock):
    """Delivered, failed and deferred outcomes are stored with what the transport recorded,
    and progress counts them in the engine's words."""
    scope = deliveries("a@x.test", "gone@x.test", "later@x.test")

    delivery.deliver(Run(LEDGER, scope), Mail(sink.port, clock), "email", settle_every=10)

    rows = {d.email: d for d in scope}
    assert (rows["a@x.test"].status, rows["a@x.test"].message_id) == (
        "sent",
        f"m{rows['a@x.test'].pk}",
    )
    assert (rows["gone@x.test"].status, rows["gone@x.test"].last_error) == ("failed", "550")
    later = rows["later@x.test"]
    assert (later.status, later.claim, later.next_attempt_at) == (
        "deferred",
        "",
        clock.now() + timedelta(minutes=1),
    )
    counts = delivery.progress(LEDGER, scope)
    assert (counts[State.DELIVERED], counts[State.FAILED], counts[State.DEFERRED]) == (1, 1, 1)
    assert counts["waiting"] == 1
    assert not delivery.is_finished(LEDGER, scope)
    assert delivery.next_retry(LEDGER, scope) == clock.now() + timedelta(minutes=1)


def test_a_deferred_delivery_is_claimed_again_once_due(sink, clock):
    """A delivery deferred to a later time is left alone until then, then sent again."""
    scope = deliveries("later@x.test")
    mail = Mail(sink.port, clock)
    delivery.deliver(Run(LEDGER, scope), mail, "email")

    assert Run(LEDGER, scope).claim("email") == []
    clock.advance(61)
    [(_pk, email)] = Run(LEDGER, scope).claim("email")
    assert email == "later@x.test"
    assert scope.get().status == "sending"  # claimed, in newsletters' word


def test_a_live_claim_is_left_to_its_run_and_a_silent_one_taken_over(sink, clock):
    """Another run's claim is not sent while that run beats; once it has been silent for
    the ledger's stale time, the next run takes it over and sends it, once."""
    scope = deliveries("a@x.test", "b@x.test")
    first = Run(LEDGER, scope)
    assert len(first.claim("email")) == 2
    mail = Mail(sink.port, clock)

    clock.advance(LEDGER.stale - timedelta(minutes=1))
    first.heartbeat()
    clock.advance(minutes=2)
    assert delivery.deliver(Run(LEDGER, scope), mail, "email") == {}
    assert sink.messages == []

    clock.advance(LEDGER.stale)
    assert delivery.deliver(Run(LEDGER, scope), mail, "email") == {State.DELIVERED: 2}
    assert first.held().count() == 0  # the dead run holds nothing any more
    assert received(sink) == ["a@x.test", "b@x.test"]


def test_an_exclusive_run_takes_over_every_other_claim_at_once(sink, clock):
    """A run that holds its deliveries alone (a lease of its own) sends what a dead run
    left claimed, without waiting for the claim to go stale."""
    scope = deliveries("a@x.test")
    Run(LEDGER, scope).claim("email")

    tally = delivery.deliver(Run(LEDGER, scope, exclusive=True), Mail(sink.port, clock), "email")

    assert tally == {State.DELIVERED: 1}
    assert received(sink) == ["a@x.test"]


def test_claims_come_in_slices_of_the_limit(sink, clock):
    """With a limit, a run claims that many at a time and goes on until nothing is left;
    what is not claimed yet stays pending for other runs, and a claim returns all the run
    holds."""
    scope = deliveries(*(f"r{n}@x.test" for n in range(5)))
    run = Run(LEDGER, scope)

    assert [email for _pk, email in run.claim("email", limit=2)] == ["r0@x.test", "r1@x.test"]
    assert delivery.progress(LEDGER, scope)[State.PENDING] == 3
    tally = delivery.deliver(run, Mail(sink.port, clock), "email", limit=2)

    assert tally == {State.DELIVERED: 5}
    assert received(sink) == [f"r{n}@x.test" for n in range(5)]
    assert run.held().count() == 0


def test_an_apps_own_final_state_settles_and_counts(sink, clock):
    """An outcome in one of the app's own states (newsletters' suppressed) is final."""
    scope = deliveries("a@x.test")
    run = Run(LEDGER, scope)
    [(pk, _email)] = run.claim("email")

    run.settle([(pk, Outcome(Delivery.Status.SUPPRESSED))])

    assert delivery.is_finished(LEDGER, scope)
    assert delivery.progress(LEDGER, scope)[Delivery.Status.SUPPRESSED] == 1
    assert scope.get().attempts == 1
