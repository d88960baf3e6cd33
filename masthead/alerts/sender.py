"""Sending one Web Push message: the only code that talks to push services.

`WebPushSender` encrypts (RFC 8291, aes128gcm, with http_ece), signs with the
subscription's VAPID key (RFC 8292; a token is reused per push service until close to
expiry) and POSTs with aiohttp over one keep-alive connection pool per push service
origin, several messages in flight. Another sender can be named by `ALERTS_SENDER`: a
class taking no arguments with `async send()` and `async close()`, used from one event loop.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import http_ece
import yarl
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings

from . import keys

# RFC 8188 record size: the whole message is one record.
RECORD_SIZE = 4096


@dataclass(frozen=True)
class PushResponse:
    status: int
    retry_after: str = ""
    reason: str = ""


def _aiohttp():
    import aiohttp  # noqa: PLC0415 - loaded by the sending worker, not at the web server's start

    return aiohttp


def origin_of(endpoint):
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def encrypt(p256dh, auth, payload):
    """The aes128gcm body of one message for a browser's keys (RFC 8291).

    http_ece is the kept library for Web Push content coding (pywebpush is built on it):
    given the browser's public key (`dh`) and auth secret it derives the keys as RFC 8291
    says and writes the RFC 8188 header (a random salt, the record size, our public key)
    and one record ending with the 0x02 delimiter. Our key pair is fresh for each message.
    """
    return http_ece.encrypt(
        payload,
        private_key=ec.generate_private_key(ec.SECP256R1()),
        dh=keys.b64url_decode(p256dh),
        auth_secret=keys.b64url_decode(auth),
        rs=RECORD_SIZE,
        version="aes128gcm",
    )


class WebPushSender:
    def __init__(self, *, keyring=None, timeout=10, connections=None):
        self._keyring = keyring
        self.timeout = timeout
        self.connections = connections or settings.ALERTS_SEND_THREADS
        self.sessions = {}

    @property
    def keyring(self):
        if self._keyring is None:
            self._keyring = keys.keyring()
        return self._keyring

    def session_for(self, origin):
        """One HTTP session (a keep-alive connection pool) per push service."""
        session = self.sessions.get(origin)
        if session is None:
            aiohttp = _aiohttp()
            session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.connections),
                # Waiting for a free connection is not a timeout; a silent server is.
                timeout=aiohttp.ClientTimeout(
                    total=None, sock_connect=self.timeout, sock_read=self.timeout
                ),
                auto_decompress=False,
                cookie_jar=aiohttp.DummyCookieJar(),
            )
            self.sessions[origin] = session
        return session

    def authorization(self, subscription, origin):
        key = self.keyring.find(subscription.key_id)
        return key.authorization(origin, self.keyring.subject)

    async def send(self, subscription, payload, *, ttl, urgency, topic):
        """POST one encrypted message; return the push service's answer."""
        origin = origin_of(subscription.endpoint)
        headers = {
            "Authorization": self.authorization(subscription, origin),
            "TTL": str(int(ttl)),
            "Urgency": urgency,
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
        }
        if topic:
            headers["Topic"] = topic
        body = encrypt(subscription.p256dh, subscription.auth, payload)
        try:
            # The endpoint is stored as the browser gave it, already encoded.
            url = yarl.URL(subscription.endpoint, encoded=True)
            async with self.session_for(origin).post(
                url, data=body, headers=headers, allow_redirects=False
            ) as response:
                text = await response.read()
                return PushResponse(
                    status=response.status,
                    retry_after=response.headers.get("Retry-After", ""),
                    reason=text[:200].decode(errors="replace"),
                )
        except (_aiohttp().ClientError, OSError) as error:
            # Unreachable, reset or silent: handled like a server error (back off, retry).
            return PushResponse(status=599, reason=type(error).__name__)

    async def close(self):
        for session in self.sessions.values():
            await session.close()
        self.sessions.clear()
