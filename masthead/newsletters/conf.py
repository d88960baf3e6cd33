"""The newsletter settings, read when used (never at import time), with their defaults."""

from django.conf import settings

DEFAULTS = {
    # Deliveries per batch task: one SMTP connection serves a whole batch.
    "NEWSLETTERS_BATCH_SIZE": 500,
    # SMTP connections per batch run: copies are prepared on them at once and completed one
    # at a time (see services/outbox.py), which keeps the mail server busy.
    "NEWSLETTERS_SMTP_CONNECTIONS": 4,
    # Attempts per delivery before a temporary (4xx) failure becomes final.
    "NEWSLETTERS_MAX_ATTEMPTS": 5,
    # Backoff after the n-th temporary failure: base * 2**(n-1) seconds, with ±50% jitter.
    "NEWSLETTERS_BACKOFF_BASE": 30.0,
    # A batch waits in the worker for retries due within this many seconds; later ones are
    # queued again (or picked up by the stuck-batch sweep).
    "NEWSLETTERS_INLINE_RETRY_SECONDS": 60.0,
    # A batch (or a message in flight) untouched this long is considered stuck and resumed.
    "NEWSLETTERS_STUCK_SECONDS": 600,
    # The most stories an automatically assembled edition carries.
    "NEWSLETTERS_MAX_STORIES": 12,
    # Address for mailto: unsubscribes (empty: the newsletter's reply-to or sender).
    "NEWSLETTERS_UNSUBSCRIBE_MAILTO": "",
    # Double opt-in confirmation links stay valid this long.
    "NEWSLETTERS_CONFIRM_DAYS": 7,
    # The anonymous subscribe form: (requests, seconds) per client address and per email
    # address, so the form cannot be used to flood a stranger's inbox or the mail server.
    "NEWSLETTERS_SUBSCRIBE_PER_IP": (10, 3600),
    "NEWSLETTERS_SUBSCRIBE_PER_ADDRESS": (5, 86400),
    # DKIM signing: all three set, or no signature (the mail server may sign instead).
    "NEWSLETTERS_DKIM_SELECTOR": "",
    "NEWSLETTERS_DKIM_DOMAIN": "",
    "NEWSLETTERS_DKIM_PRIVATE_KEY_FILE": "",
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
