"""The pre-send check: DNS for bulk mail (warnings) and the complaint rate (stops a send)."""

from django.utils import timezone

from masthead.newsletters.models import Batch, Delivery, Send, Suppression
from masthead.newsletters.services import presend, sending

from .conftest import subscribe


def records(table):
    """A resolver answering from ``table`` (name -> TXT strings); None for "no answer"."""
    return lambda name: table.get(name, [])


def test_missing_spf_dkim_and_dmarc_are_reported(daily, settings):
    """A real-looking sending domain without records gets one warning per missing record."""
    daily.sender = "News <news@paper.co.il>"
    settings.NEWSLETTERS_DKIM_SELECTOR = "s1"
    settings.NEWSLETTERS_DKIM_DOMAIN = "paper.co.il"
    warnings = presend.dns_warnings(daily, resolver=records({}))
    assert [w.split(":")[0] for w in warnings] == ["SPF", "DMARC", "DKIM"]

    complete = {
        "paper.co.il": ["v=spf1 include:_spf.example.net -all"],
        "_dmarc.paper.co.il": ["v=DMARC1; p=quarantine"],
        "s1._domainkey.paper.co.il": ["v=DKIM1; k=rsa; p=MIIB"],
    }
    assert presend.dns_warnings(daily, resolver=records(complete)) == []
    unanswered = presend.dns_warnings(daily, resolver=lambda name: None)
    assert all("not checked" in w for w in unanswered)


def test_without_a_dkim_key_the_check_says_so(daily, settings):
    daily.sender = "news@paper.co.il"
    settings.NEWSLETTERS_DKIM_SELECTOR = ""
    warnings = presend.dns_warnings(
        daily,
        resolver=records({"paper.co.il": ["v=spf1 -all"], "_dmarc.paper.co.il": ["v=DMARC1"]}),
    )
    assert len(warnings) == 1 and "No DKIM key" in warnings[0]


def _sent(edition, count):
    send = Send.objects.create(edition=edition, recipients=count)
    batch = Batch.objects.create(send=send, number=0, state=Batch.State.DONE)
    Delivery.objects.bulk_create(
        Delivery(
            edition=edition,
            batch=batch,
            email=f"past{n}@example.com",
            status=Delivery.Status.SENT,
            sent_at=timezone.now(),
        )
        for n in range(count)
    )


def test_a_complaint_rate_above_three_per_thousand_stops_the_send(daily, edition):
    """4 complaints for 1,000 messages (0.4%) stops the next send; 3 (0.3%) does not."""
    import datetime

    from masthead.newsletters.services import editions

    earlier = editions.assemble(daily, edition.date - datetime.timedelta(days=400))
    _sent(earlier, 1000)
    subscribe(daily, 1)
    for n in range(3):
        Suppression.objects.create(email=f"angry{n}@example.com", reason="complaint")
    assert presend.block_reason() == ""
    Suppression.objects.create(email="angry3@example.com", reason="complaint")
    assert "0.40%" in presend.block_reason()
    assert sending.start(edition.pk) is None
    assert not Send.objects.filter(edition=edition).exists()
