"""Sending an edition to a real SMTP server on loopback."""

import re
from collections import Counter

from masthead.newsletters.models import Batch, Delivery, Edition, Send, Subscription, Suppression
from masthead.newsletters.services import sending
from tests.smtp import html_part, text_part

from .conftest import CANARY, subscribe


def send_now(edition, capture):
    with capture(execute=True):
        return sending.start(edition.pk)


def test_every_subscriber_gets_exactly_one_message_with_bulk_headers(
    daily, edition, smtp_sink, django_capture_on_commit_callbacks
):
    """Each subscriber receives one message carrying List-Unsubscribe (HTTPS/HTTP URL with
    their own token, and mailto), one-click List-Unsubscribe-Post, List-Id and a unique
    Message-ID; the send ends done."""
    subscribers = subscribe(daily, 7)
    send = send_now(edition, django_capture_on_commit_callbacks)

    assert send.recipients == 7
    assert send.batches.count() == 3  # batches of 3
    assert Counter(m["To"] for m in smtp_sink.messages) == {s.email: 1 for s in subscribers}
    by_address = {m["To"]: m for m in smtp_sink.messages}
    for subscription in subscribers:
        message = by_address[subscription.email]
        unsubscribe = message["List-Unsubscribe"]
        assert f"/newsletters/unsubscribe/{subscription.unsubscribe_token}/>" in unsubscribe
        assert "<mailto:" in unsubscribe
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Id"].startswith("Daily Edition <daily-edition.")
        assert subscription.unsubscribe_token in text_part(message)
        assert subscription.unsubscribe_token in html_part(message)
    message_ids = [m["Message-ID"] for m in smtp_sink.messages]
    assert len(set(message_ids)) == 7
    send.refresh_from_db()
    assert send.state == Send.State.DONE
    assert Edition.objects.get(pk=edition.pk).state == Edition.State.SENT
    assert set(
        Delivery.objects.filter(edition=edition).values_list("message_id", flat=True)
    ) == set(message_ids)


def test_the_email_shows_headlines_standfirsts_credited_photos_and_no_gated_text(
    daily, edition, todays_story, smtp_sink, django_capture_on_commit_callbacks
):
    """HTML (CSS inlined) and text parts carry the headline, standfirst, photo credit and a
    link back; the registered-level story's body beyond the wall is absent."""
    subscribe(daily, 1)
    send_now(edition, django_capture_on_commit_callbacks)
    message = smtp_sink.wait_for(1)
    html, text = html_part(message), text_part(message)
    credit = todays_story.lead_image.credit
    assert credit
    for part in (html, text):
        assert "Newsletter lead story" in part
        assert "The standfirst every reader may see." in part
        assert credit in part
        assert todays_story.url in part
        assert CANARY not in part
        assert "Lead one." not in part
    assert re.search(r'<h2[^>]* style="[^"]*font-size', html)  # inlined by css-inline
    assert "@media" in html  # the responsive rules stay in a style tag
    assert '<img src="http' in html


def test_a_batch_run_twice_sends_nothing_twice(
    daily, edition, smtp_sink, django_capture_on_commit_callbacks
):
    """Running every batch again, even after forcing it back to queued, sends no message."""
    subscribe(daily, 5)
    send = send_now(edition, django_capture_on_commit_callbacks)
    assert len(smtp_sink.messages) == 5
    for batch in send.batches.all():
        assert sending.send_batch(batch.pk) == 0  # done: refused at once
    send.batches.update(state=Batch.State.QUEUED)
    for batch in send.batches.all():
        assert sending.send_batch(batch.pk) == 0
    assert len(smtp_sink.messages) == 5
    assert sending.start(edition.pk).pk == send.pk  # starting again is the same send


def test_a_batch_held_by_a_live_worker_is_left_alone(
    daily, edition, smtp_sink, django_capture_on_commit_callbacks
):
    """A second run of a batch whose worker still beats does nothing."""
    from django.utils import timezone

    subscribe(daily, 2)
    with django_capture_on_commit_callbacks(execute=False):
        send = sending.start(edition.pk)
    batch = send.batches.get()
    Batch.objects.filter(pk=batch.pk).update(state=Batch.State.RUNNING, heartbeat_at=timezone.now())
    assert sending.send_batch(batch.pk) == 0
    assert smtp_sink.messages == []


def test_recipients_are_frozen_when_the_send_starts(
    daily, edition, smtp_sink, django_capture_on_commit_callbacks
):
    """Who subscribes after the start is not added; who unsubscribes is still sent to
    (the list is the one frozen at the start)."""
    subscribe(daily, 2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send = sending.start(edition.pk)
    subscribe(daily, 1, prefix="late")
    for callback in callbacks:
        callback()
    assert send.recipients == 2
    assert sorted(m["To"] for m in smtp_sink.messages) == [
        "reader0@example.com",
        "reader1@example.com",
    ]


def test_a_421_is_retried_and_delivered_once(
    daily, edition, flaky_sink, django_capture_on_commit_callbacks
):
    """The server refuses each address once with 421, then accepts: everyone gets one
    message, on the second attempt."""
    subscribers = subscribe(daily, 4)
    send_now(edition, django_capture_on_commit_callbacks)
    assert Counter(m["To"] for m in flaky_sink.messages) == {s.email: 1 for s in subscribers}
    deliveries = Delivery.objects.filter(edition=edition)
    assert set(deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert set(deliveries.values_list("attempts", flat=True)) == {2}


def test_550_suppresses_the_address_and_it_is_not_mailed_again(
    daily, edition, bouncing_sink, django_capture_on_commit_callbacks, make_article
):
    """A 550 5.1.1 marks the delivery suppressed and records a suppression; the next edition
    leaves the address out, until the reader re-subscribes."""
    import datetime

    from masthead.newsletters.services import editions, subscriptions

    subscribe(daily, 2)
    gone = Subscription.objects.create(
        newsletter=daily, email="gone@example.com", status=Subscription.Status.SUBSCRIBED
    )
    send = send_now(edition, django_capture_on_commit_callbacks)
    assert sorted(m["To"] for m in bouncing_sink.messages) == [
        "reader0@example.com",
        "reader1@example.com",
    ]
    delivery = Delivery.objects.get(edition=edition, email="gone@example.com")
    assert delivery.status == Delivery.Status.SUPPRESSED
    assert "550" in delivery.last_error
    assert Suppression.objects.filter(email="gone@example.com").exists()
    assert sending.progress(send)["suppressed"] == 1

    tomorrow = editions.assemble(daily, edition.date + datetime.timedelta(days=1))
    tomorrow.stories.create(article=edition.stories.first().article)
    tomorrow.state = Edition.State.DRAFT
    editions.mark_edited(tomorrow, None)  # the story chosen by hand stays
    tomorrow.save()
    assert sending.start(tomorrow.pk).recipients == 2
    subscriptions.resubscribe(gone.unsubscribe_token)
    assert not Suppression.objects.filter(email="gone@example.com").exists()


def test_a_stuck_batch_is_resumed_and_duplicates_at_most_the_message_in_flight(
    daily, edition, smtp_sink, django_capture_on_commit_callbacks
):
    """A worker died mid-batch: one message marked sent, one in flight. The sweep resumes the
    batch; everyone ends with the edition, the in-flight one at most twice."""
    import datetime

    from django.utils import timezone

    subscribe(daily, 3)
    with django_capture_on_commit_callbacks(execute=False):
        send = sending.start(edition.pk)
    batch = send.batches.get()
    first, second, _ = batch.deliveries.order_by("pk")
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Delivery.objects.filter(pk=first.pk).update(status=Delivery.Status.SENT, attempts=1)
    Delivery.objects.filter(pk=second.pk).update(
        status=Delivery.Status.CLAIMED, attempts=1, claimed_at=long_ago
    )
    Batch.objects.filter(pk=batch.pk).update(state=Batch.State.RUNNING, heartbeat_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        assert sending.resume() == [batch.pk]
    assert sorted(m["To"] for m in smtp_sink.messages) == [
        "reader1@example.com",
        "reader2@example.com",
    ]
    assert not batch.deliveries.exclude(status=Delivery.Status.SENT).exists()
    send.refresh_from_db()
    assert send.state == Send.State.DONE


def test_an_edition_with_nothing_published_is_skipped(daily):
    """No story that day: the edition is drafted as skipped and never starts."""
    import datetime

    from masthead.newsletters.services import editions

    edition = editions.assemble(daily, datetime.date(2001, 1, 1))
    assert edition.state == Edition.State.SKIPPED
    assert edition.stories.count() == 0
    assert sending.start(edition.pk) is None


def test_inactive_members_and_unsubscribed_readers_are_not_recipients(daily, edition):
    """Only active subscriptions of active members (or confirmed addresses) are frozen in."""
    from masthead.accounts.models import Member

    inactive = Member.objects.create_user("inactive@example.com", is_active=False)
    Subscription.objects.create(
        newsletter=daily, member=inactive, status=Subscription.Status.SUBSCRIBED
    )
    Subscription.objects.create(
        newsletter=daily, email="left@example.com", status=Subscription.Status.UNSUBSCRIBED
    )
    Subscription.objects.create(
        newsletter=daily, email="pending@example.com", status=Subscription.Status.PENDING
    )
    subscribe(daily, 1)
    assert [address for address, _ in sending.recipients(daily)] == ["reader0@example.com"]
