"""DKIM signing of newsletter messages (dkimpy), when a key is configured.

The signature covers the headers receivers judge bulk mail by: From, To, Subject, Date,
Message-ID, List-Id, List-Unsubscribe and List-Unsubscribe-Post.
"""

import email.policy
from functools import lru_cache
from pathlib import Path

import dkim
from django.core.mail import EmailMultiAlternatives

from . import conf

SIGNED_HEADERS = [
    b"From",
    b"To",
    b"Subject",
    b"Date",
    b"Message-ID",
    b"MIME-Version",
    b"Content-Type",
    b"List-Id",
    b"List-Unsubscribe",
    b"List-Unsubscribe-Post",
]


@lru_cache(maxsize=4)
def _read_key(path):
    return Path(path).read_bytes()


def dkim_key():
    """``(selector, domain, private key PEM)``, or None when signing is not configured."""
    selector = conf.get("NEWSLETTERS_DKIM_SELECTOR")
    domain = conf.get("NEWSLETTERS_DKIM_DOMAIN")
    path = conf.get("NEWSLETTERS_DKIM_PRIVATE_KEY_FILE")
    if not (selector and domain and path):
        return None
    return selector.encode(), domain.encode(), _read_key(path)


class SignedMessage(EmailMultiAlternatives):
    """A message that adds its DKIM-Signature when it is serialised for sending."""

    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy)
        key = dkim_key()
        if key is None:
            return msg
        selector, domain, private_key = key
        signature = dkim.sign(
            msg.as_bytes(policy=email.policy.SMTP),
            selector,
            domain,
            private_key,
            include_headers=SIGNED_HEADERS,
            canonicalize=(b"relaxed", b"relaxed"),
        )
        name, _, value = signature.decode().partition(":")
        msg[name] = " ".join(value.split())
        return msg
