"""Metering: anonymous readers may read a few whole articles per period (off by default).

The count lives in a signed cookie and is decided on the server. A cookie that does not
verify is a new reader's, so forging, replaying or clearing it never gives more than
the allowance a new reader gets.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.utils import timezone

COOKIE_NAME = "mh_meter"
SALT = "masthead.access.meter"
PERIOD_NAMES = {"day": "today", "week": "this week", "month": "this month"}


def period_key(period, now=None):
    now = timezone.localtime(now)
    if period == "day":
        return now.strftime("%Y-%m-%d")
    if period == "week":
        year, week, _ = now.isocalendar()
        return f"{year}-W{week:02d}"
    return now.strftime("%Y-%m")


@dataclass
class Meter:
    allowance: int
    period: str
    key: str
    read: list = field(default_factory=list)
    changed: bool = False

    @classmethod
    def from_request(cls, request, settings):
        """The reader's meter, or None when metering is off."""
        if not settings.metering_enabled:
            return None
        key = period_key(settings.meter_period)
        read = []
        raw = request.COOKIES.get(COOKIE_NAME)
        if raw:
            try:
                data = signing.loads(raw, salt=SALT)
            except signing.BadSignature:
                data = {}
            if isinstance(data, dict) and data.get("p") == key and isinstance(data.get("r"), list):
                read = [int(i) for i in data["r"] if isinstance(i, int)][: settings.meter_allowance]
        return cls(settings.meter_allowance, settings.meter_period, key, read)

    @property
    def remaining(self):
        return max(0, self.allowance - len(self.read))

    @property
    def period_name(self):
        return PERIOD_NAMES.get(self.period, self.period)

    def admits(self, article_id):
        """Count `article_id` as read if the allowance permits; re-reading is free."""
        if article_id in self.read:
            return True
        if len(self.read) < self.allowance:
            self.read.append(article_id)
            self.changed = True
            return True
        return False

    def write(self, response):
        if self.changed:
            value = signing.dumps({"p": self.key, "r": self.read}, salt=SALT, compress=True)
            response.set_cookie(
                COOKIE_NAME,
                value,
                max_age=40 * 86400,
                httponly=True,
                samesite="Lax",
                secure=response_is_secure(response),
            )
        return response


def response_is_secure(response):
    from django.conf import settings

    return settings.SESSION_COOKIE_SECURE
