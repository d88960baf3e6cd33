"""The numbers behind the newsletter's admin charts, and their geometry as inline SVG.

Server-rendered: no script, and every chart comes with a table of the same numbers.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncDate

from masthead.core import clock

from ..models import Delivery, Send, Subscription
from . import outcome

# Each send's outcome, in the order the bars stack, with its colour (Wagtail's palette).
OUTCOMES = [
    ("sent", "Sent", "#007d7e"),
    ("deferred", "Deferred", "#e9b04d"),
    ("failed", "Failed", "#cd4444"),
    ("suppressed", "Suppressed", "#5c5c5c"),
]
WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 200, 48, 24, 8


def subscribers_over_time(newsletter, *, days=90, today=None):
    """``[(date, subscribers)]`` at the end of each of the last ``days`` days.

    A subscriber counts from their confirmation (or creation, for members) until they
    unsubscribe; pending addresses never count.
    """
    zone = newsletter.zone
    today = today or clock.now().astimezone(zone).date()
    first = today - datetime.timedelta(days=days - 1)
    start_of_window = datetime.datetime.combine(first, datetime.time(), tzinfo=zone)
    subscriptions = Subscription.objects.filter(newsletter=newsletter).exclude(
        status=Subscription.Status.PENDING
    )
    joined = subscriptions.annotate(at=Coalesce("confirmed_at", "created_at"))
    left = subscriptions.filter(unsubscribed_at__isnull=False).annotate(at=F("unsubscribed_at"))
    # Only unsubscribed rows keep an end: a re-subscribed reader counts from their return.
    left = left.filter(status=Subscription.Status.UNSUBSCRIBED)
    base = (
        joined.filter(at__lt=start_of_window).count() - left.filter(at__lt=start_of_window).count()
    )
    changes = {}
    for queryset, sign in ((joined, 1), (left, -1)):
        per_day = (
            queryset.filter(at__gte=start_of_window)
            .annotate(day=TruncDate("at", tzinfo=zone))
            .values("day")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in per_day:
            changes[row["day"]] = changes.get(row["day"], 0) + sign * row["n"]
    series, running = [], base
    for offset in range(days):
        day = first + datetime.timedelta(days=offset)
        running += changes.get(day, 0)
        series.append((day, running))
    return series


def send_outcomes(newsletter, *, limit=30):
    """The last ``limit`` sends, oldest first: ``{"edition", "date", "recipients", "sent",
    "deferred", "failed", "suppressed", "pending"}``."""
    sends = list(
        Send.objects.filter(edition__newsletter=newsletter)
        .select_related("edition")
        .order_by("-edition__date", "-started_at")[:limit]
    )
    counts = {
        row["edition_id"]: row
        for row in Delivery.objects.filter(edition__in=[s.edition_id for s in sends])
        .values("edition_id")
        .annotate(
            **{
                key: Count("pk", filter=Q(status=key))
                for key in ("sent", "deferred", "failed", "suppressed")
            },
            pending=Count("pk", filter=Q(status__in=["pending", "sending"])),
        )
        .order_by()
    }
    bounced = dict(
        Delivery.objects.filter(
            outcome.bounced_later(),
            edition__in=[s.edition_id for s in sends],
            status=Delivery.Status.SENT,
        )
        .values_list("edition_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = []
    for send in reversed(sends):
        row = counts.get(send.edition_id, {})
        numbers = {key: row.get(key, 0) for key in ("sent", "deferred", "failed", "suppressed")}
        later = bounced.get(send.edition_id, 0)
        rows.append(
            {
                "edition": send.edition,
                "date": send.edition.date,
                "recipients": send.recipients,
                **numbers,
                "pending": row.get("pending", 0),
                "outcome": outcome.outcome_label(
                    send.edition,
                    {
                        "recipients": send.recipients,
                        "delivered": numbers["sent"] - later,
                        "failed": numbers["failed"] + numbers["suppressed"] + later,
                    },
                ),
            }
        )
    return rows


@dataclass
class Chart:
    """What the template draws: a polyline or bars, axis labels, and the data table."""

    width: int
    height: int
    points: str = ""
    bars: list = None
    y_labels: list = None
    x_labels: list = None


def _scale(top):
    """A round maximum for the y axis (1, 2 or 5 times a power of ten) and its labels."""
    magnitude = 10 ** (len(str(int(max(top, 1)))) - 1)
    ceiling = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= top)
    ceiling = max(ceiling, 2)
    return ceiling, [0, ceiling / 2, ceiling]


def _y(value, ceiling):
    return PAD_TOP + (HEIGHT - PAD_TOP - PAD_BOTTOM) * (1 - value / ceiling)


def _y_labels(ceiling, ticks):
    return [{"y": round(_y(t, ceiling), 1), "text": f"{int(t):,}"} for t in ticks]


def subscribers_chart(series):
    ceiling, ticks = _scale(max((n for _, n in series), default=0))
    inner = WIDTH - PAD_LEFT
    step = inner / max(len(series) - 1, 1)
    points = " ".join(
        f"{PAD_LEFT + i * step:.1f},{_y(n, ceiling):.1f}" for i, (_, n) in enumerate(series)
    )
    x_labels = [
        {"x": round(PAD_LEFT + i * step, 1), "text": day.strftime("%-d %b")}
        for i, (day, _) in enumerate(series)
        if i in (0, len(series) // 2, len(series) - 1)
    ]
    return Chart(
        WIDTH, HEIGHT, points=points, y_labels=_y_labels(ceiling, ticks), x_labels=x_labels
    )


def outcomes_chart(rows):
    ceiling, ticks = _scale(max((sum(r[k] for k, _, _ in OUTCOMES) for r in rows), default=0))
    slot = (WIDTH - PAD_LEFT) / max(len(rows), 1)
    bars, x_labels = [], []
    for i, row in enumerate(rows):
        x, bottom = PAD_LEFT + i * slot + slot * 0.15, 0
        for key, label, colour in OUTCOMES:
            if not row[key]:
                continue
            top = _y(bottom + row[key], ceiling)
            bars.append(
                {
                    "x": round(x, 1),
                    "y": round(top, 1),
                    "width": round(slot * 0.7, 1),
                    "height": round(_y(bottom, ceiling) - top, 1),
                    "colour": colour,
                    "title": f"{row['date']:%-d %b}: {row[key]:,} {label.lower()}",
                }
            )
            bottom += row[key]
        if i in (0, len(rows) - 1):
            x_labels.append(
                {"x": round(x + slot * 0.35, 1), "text": row["date"].strftime("%-d %b")}
            )
    return Chart(WIDTH, HEIGHT, bars=bars, y_labels=_y_labels(ceiling, ticks), x_labels=x_labels)


def report(newsletter, *, days=90, sends=30):
    """Everything the newsletter's admin page shows: both charts and their tables."""
    series = subscribers_over_time(newsletter, days=days)
    rows = send_outcomes(newsletter, limit=sends)
    return {
        "subscribers": series,
        "subscribers_now": series[-1][1] if series else 0,
        "subscribers_chart": subscribers_chart(series),
        "sends": rows,
        "sends_chart": outcomes_chart(rows) if rows else None,
        "outcomes": OUTCOMES,
        "days": days,
    }
