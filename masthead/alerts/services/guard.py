"""The editor's checks before an alert goes out: repeats, frequency and quiet hours."""

from dataclasses import dataclass
from datetime import time as clock_time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from masthead.core import clock

from ..models import EVERYONE, Alert

GUARD_WINDOW = timedelta(minutes=30)
REPEAT_WINDOW = timedelta(hours=24)


@dataclass
class GuardResult:
    blocked: str = ""
    warning: str = ""


def guard(*, title, body):
    """Block an exact repeat of a recent alert; warn about a second alert within 30 minutes."""
    at = clock.now()
    recent = Alert.objects.exclude(state=Alert.State.CANCELLED)
    same = recent.filter(created_at__gte=at - REPEAT_WINDOW)
    for alert in same.only("title", "body", "created_at"):
        if _normal(alert.title) == _normal(title) and _normal(alert.body) == _normal(body):
            return GuardResult(
                blocked=(
                    "This exact alert was already sent at "
                    f"{timezone.localtime(alert.created_at):%H:%M}. Change the headline or "
                    "text to send an update."
                )
            )
    last = recent.filter(created_at__gte=at - GUARD_WINDOW).first()
    if last:
        minutes = max(1, int((at - last.created_at).total_seconds() // 60))
        return GuardResult(
            warning=(
                f"An alert went out {minutes} minute{'s' if minutes != 1 else ''} ago "
                f"(“{last.title}”). Readers get annoyed by frequent alerts: send this one "
                "only if it really is new."
            )
        )
    return GuardResult()


def _normal(text):
    return " ".join((text or "").split()).casefold()


def parse_hhmm(text):
    hours, minutes = text.strip().split(":")
    return clock_time(int(hours), int(minutes))


def quiet_until(audience):
    """When quiet hours for this audience end, or None when it is not quiet now.

    `ALERTS_QUIET_HOURS` maps an audience key ("everyone", "section:world", …) to
    ("HH:MM", "HH:MM") in the newsroom's time zone; a range may pass midnight.
    """
    at = timezone.localtime(clock.now())
    keys_ = [EVERYONE] if not audience or EVERYONE in audience else list(audience)
    ends = []
    for key in keys_:
        window = settings.ALERTS_QUIET_HOURS.get(key)
        if not window:
            continue
        start, end = parse_hhmm(window[0]), parse_hhmm(window[1])
        current = at.time()
        inside = start <= current < end if start <= end else current >= start or current < end
        if inside:
            end_at = at.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
            if end_at <= at:
                end_at += timedelta(days=1)
            ends.append(end_at)
    return max(ends) if ends else None
