"""The newsletter's admin page: subscribers over time and each send's outcome, drawn as
inline SVG with the same numbers in tables."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from masthead.newsletters.models import Batch, Delivery, Edition, Send, Subscription
from masthead.newsletters.services import charts

TODAY = datetime.date(2026, 11, 20)


def at(day, hour=12):
    return datetime.datetime.combine(
        TODAY - datetime.timedelta(days=day), datetime.time(hour), tzinfo=datetime.UTC
    )


def subscription(newsletter, n, *, joined, left=None, status=None, confirmed=True):
    return Subscription.objects.create(
        newsletter=newsletter,
        email=f"chart{n}@example.com",
        status=status
        or (
            Subscription.Status.UNSUBSCRIBED if left is not None else Subscription.Status.SUBSCRIBED
        ),
        created_at=joined,
        confirmed_at=joined if confirmed else None,
        unsubscribed_at=left,
    )


@pytest.fixture
def history(daily):
    daily.time_zone = "UTC"
    daily.save()
    subscription(daily, 1, joined=at(200))  # before the window: the starting count
    subscription(daily, 2, joined=at(200), left=at(5))  # leaves 5 days ago
    subscription(daily, 3, joined=at(10))
    subscription(daily, 4, joined=at(3))
    subscription(daily, 5, joined=at(2), status=Subscription.Status.PENDING, confirmed=False)
    return daily


def test_subscribers_over_time_counts_confirmed_readers_until_they_leave(history):
    """Each day's count: joined (confirmed) up to that day, minus those who left; pending
    addresses never count."""
    series = dict(charts.subscribers_over_time(history, days=30, today=TODAY))
    assert len(series) == 30
    assert series[TODAY - datetime.timedelta(days=29)] == 2
    assert series[TODAY - datetime.timedelta(days=10)] == 3
    assert series[TODAY - datetime.timedelta(days=5)] == 2
    assert series[TODAY - datetime.timedelta(days=3)] == 3
    assert series[TODAY] == 3


def make_send(newsletter, date, outcomes):
    edition = Edition.objects.create(newsletter=newsletter, date=date, state=Edition.State.SENT)
    send = Send.objects.create(
        edition=edition, recipients=sum(outcomes.values()), state=Send.State.DONE
    )
    batch = Batch.objects.create(send=send, number=0, state=Batch.State.DONE)
    Delivery.objects.bulk_create(
        Delivery(edition=edition, batch=batch, email=f"{status}{n}@example.com", status=status)
        for status, count in outcomes.items()
        for n in range(count)
    )
    return edition


def test_send_outcomes_count_each_send_by_status_oldest_first(daily):
    make_send(daily, TODAY, {"sent": 5, "failed": 1, "suppressed": 2})
    make_send(daily, TODAY - datetime.timedelta(days=1), {"sent": 3, "deferred": 4})
    rows = charts.send_outcomes(daily)
    assert [r["date"] for r in rows] == [TODAY - datetime.timedelta(days=1), TODAY]
    assert [(r["sent"], r["deferred"], r["failed"], r["suppressed"]) for r in rows] == [
        (3, 4, 0, 0),
        (5, 0, 1, 2),
    ]
    chart = charts.outcomes_chart(rows)
    # One bar segment per non-zero outcome, stacked: the tallest send reaches the top.
    assert len(chart.bars) == 5
    heights = [bar["height"] for bar in chart.bars]
    assert heights[0] * 4 == pytest.approx(heights[1] * 3, abs=0.2)


def test_the_newsletter_page_draws_both_charts_with_their_tables(history, editor):
    # The newsletter's own day (its zone is UTC here), not the site's: they differ near midnight.
    today = timezone.now().astimezone(history.zone).date()
    make_send(history, today, {"sent": 7, "deferred": 1, "failed": 2, "suppressed": 3})
    client = Client()
    client.force_login(editor)
    page = client.get(f"/admin/newsletters/newsletters/edit/{history.pk}/").content.decode()
    assert re.search(r'<svg data-chart="subscribers" role="img"', page)
    assert re.search(r'<polyline points="[\d., ]+"', page)
    assert re.search(r'<svg data-chart="sends" role="img"', page)
    assert page.count("<rect ") == 4
    assert "7 sent" in page and "3 suppressed" in page  # each bar's title
    sends_table = page.split('data-table="sends"')[1].split("</table>")[0]
    assert re.search(r"<td>13</td><td>7</td><td>1</td><td>2</td><td>3</td><td>0</td>", sends_table)
    subscribers_table = page.split('data-table="subscribers"')[1].split("</table>")[0]
    assert f"<td>{today:%Y-%m-%d}</td><td>3</td>" in subscribers_table
    assert 'name="name"' in page  # the form is still there, below
