"""DKIM signing of newsletter messages (dkimpy), when a key is configured.

The signature covers the headers receivers judge bulk mail by: From, To, Subject, Date,
Message-ID, List-Id, List-Unsubscribe and List-Unsubscribe-Post.
"""

import email.policy
from functools import lru_cache
from pathlib import Path

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


def _dkim():
    import dkim  # noqa: PLC0415 - loaded for the first signed message, not at every start

    return dkim


def dkim_key():
    """``(selector, domain, private key PEM)``, or None when signing is not configured."""
    selector = conf.get("NEWSLETTERS_DKIM_SELECTOR")
    domain = conf.get("NEWSLETTERS_DKIM_DOMAIN")
    path = conf.get("NEWSLETTERS_DKIM_PRIVATE_KEY_FILE")
    if not (selector and domain and path):
        return None
    return selector.encode(), domain.encode(), _read_key(path)


def sign_bytes(raw):
    """``raw`` (a whole message, CRLF line ends) with its DKIM-Signature header first, or
    unchanged when signing is not configured."""
    key = dkim_key()
    if key is None:
        return raw
    selector, domain, private_key = key
    signature = _dkim().sign(
        raw,
        selector,
        domain,
        private_key,
        include_headers=SIGNED_HEADERS,
        canonicalize=(b"relaxed", b"relaxed"),
    )
    return signature + raw


def _plain_list_unsubscribe(msg):
    """Write List-Unsubscribe's URLs as they are, one per line (RFC 2369).

    They are longer than a folded header line, and Python would otherwise write the header
    as RFC 2047 encoded words, which mail clients do not read as URLs.
    """
    value = msg["List-Unsubscribe"]
    if value is None:
        return
    del msg["List-Unsubscribe"]
    urls = [url.strip() for url in str(value).split(",")]
    msg.set_raw("List-Unsubscribe", ",\r\n ".join(urls))
    msg.policy = msg.policy.clone(refold_source="none")


class SignedMessage(EmailMultiAlternatives):
    """A message that adds its DKIM-Signature when it is serialised for sending."""

    def message(self, *, policy=email.policy.default, sign=True):
        msg = super().message(policy=policy)
        _plain_list_unsubscribe(msg)
        key = dkim_key() if sign else None
        if key is None:
            return msg
        selector, domain, private_key = key
        signature = _dkim().sign(
            msg.as_bytes(policy=msg.policy.clone(linesep="\r\n")),
            selector,
            domain,
            private_key,
            include_headers=SIGNED_HEADERS,
            canonicalize=(b"relaxed", b"relaxed"),
        )
        name, _, value = signature.decode().partition(":")
        msg[name] = " ".join(value.split())
        return msg
