"""Gift links' settings: a Django setting of the same name wins, else the environment, else the
default (docs/operating/configuration.md)."""

import os

from django.conf import settings

DEFAULTS = {
    # How long a gift link works, in days.
    "GIFT_LINK_DAYS": 7,
    # How many browsers may open one gift link (a browser that opened it may open it again).
    "GIFT_LINK_OPENS": 10,
    # How many gift links a member may create in a calendar month (0: no limit).
    "GIFT_LINKS_PER_MONTH": 10,
}


def value(name):
    if hasattr(settings, name):
        return int(getattr(settings, name))
    return int(os.environ.get(name, DEFAULTS[name]))


def link_days():
    return max(1, value("GIFT_LINK_DAYS"))


def link_opens():
    return max(1, value("GIFT_LINK_OPENS"))


def links_per_month():
    return max(0, value("GIFT_LINKS_PER_MONTH"))
