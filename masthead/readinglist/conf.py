"""The reading list's settings, read when used (never at import time), with their defaults."""

from django.conf import settings

DEFAULTS = {
    # The most stories one member keeps: a list is for reading, not an archive.
    "READING_LIST_MAX_STORIES": 500,
    # Saves and removals per member: (count, window in seconds).
    "READING_LIST_RATE_LIMIT": (60, 60),
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
