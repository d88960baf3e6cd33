"""The accounts settings, read when used (never at import time), with their defaults."""

from django.conf import settings

DEFAULTS = {
    # Sign-in links and codes.
    "ACCOUNTS_TOKEN_MINUTES": 15,  # a lifetime, not a secret  # nosec B105
    "ACCOUNTS_MAX_LIVE_TOKENS": 3,
    "ACCOUNTS_MAX_CODE_ATTEMPTS": 5,
    # Rate limits: (count, window in seconds).
    "ACCOUNTS_EMAILS_PER_ADDRESS": (5, 3600),
    "ACCOUNTS_REQUESTS_PER_IP": (20, 600),
    "ACCOUNTS_ADMIN_FAILURES_PER_IP": (10, 900),
    "ACCOUNTS_ADMIN_FAILURES_PER_ACCOUNT": (5, 900),
    # How many proxies in front of the site append to X-Forwarded-For (0: trust none).
    "TRUSTED_PROXY_COUNT": 0,
    # Mail.
    "ACCOUNTS_FROM_EMAIL": None,  # DEFAULT_FROM_EMAIL when unset
    "ACCOUNTS_SUBJECT_SIGN_IN": "Sign in to {site_name}",
    "ACCOUNTS_SUBJECT_REGISTER": "Finish registering with {site_name}",
    "ACCOUNTS_SUBJECT_CHANGE_EMAIL": "Confirm your new email address for {site_name}",
    "ACCOUNTS_SUBJECT_DEACTIVATED": "Your {site_name} account is closed",
    "ACCOUNTS_SUBJECT_EMAIL_CHANGED": "Your {site_name} email address was changed",
    # How long the old address may undo a change of address.
    "ACCOUNTS_EMAIL_UNDO_DAYS": 7,
    # Registration.
    "TERMS_VERSION": "2026-01",
    "TERMS_URL": "/terms/",
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
