"""The comments settings, read when used (never at import time), with their defaults."""

from django.conf import settings

DEFAULTS = {
    # The longest comment, in characters, as typed.
    "COMMENTS_MAX_LENGTH": 2000,
    # Discussions close this many days after the article is first published (0: never).
    "COMMENTS_CLOSE_AFTER_DAYS": 7,
    # Authors may edit their comment for this long after posting.
    "COMMENTS_EDIT_SECONDS": 300,
    # Replies nest this deep (a top-level comment is depth 1).
    "COMMENTS_MAX_DEPTH": 3,
    # Top-level comments per page (each with all its replies).
    "COMMENTS_PER_PAGE": 20,
    # Rate limits: (count, window in seconds), tighter for accounts younger than a day.
    "COMMENTS_RATE_LIMITS": ((5, 60), (50, 86400)),
    "COMMENTS_NEW_ACCOUNT_RATE_LIMITS": ((2, 60), (10, 86400)),
    "COMMENTS_NEW_ACCOUNT_HOURS": 24,
    # More links than this holds a comment for a moderator.
    "COMMENTS_MAX_LINKS": 2,
    # A member's first N comments wait for a moderator (0: none).
    "COMMENTS_PREMODERATE_FIRST": 0,
    # The same text from the same author within this many hours is refused.
    "COMMENTS_REPEAT_HOURS": 24,
    # Words refused anywhere, besides the list editors keep in the admin settings.
    "COMMENTS_BANNED_WORDS": (),
    # Anonymous fragments: how long browsers and shared caches may keep them.
    "COMMENTS_PUBLIC_CACHE_SECONDS": 30,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
