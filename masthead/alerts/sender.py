"""Sending one Web Push message: the only code that talks to push services.

`WebPushSender` encrypts with pywebpush (RFC 8291, aes128gcm), signs with the
subscription's VAPID key (RFC 8292) and POSTs over one `requests.Session` per push
service origin, so a batch reuses its connections. Another sender can be named by
`ALERTS_SENDER` (a class taking no arguments with `send()` and `close()`).
"""

import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from pywebpush import WebPusher

from . import keys


@dataclass(frozen=True)
class PushResponse:
    status: int
    retry_after: str = ""
    reason: str = ""


def origin_of(endpoint):
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


class WebPushSender:
    def __init__(self, *, keyring=None, timeout=10, pool_size=8):
        self._keyring = keyring
        self.timeout = timeout
        self.pool_size = pool_size
        self.sessions = {}
        self._lock = threading.Lock()

    @property
    def keyring(self):
        if self._keyring is None:
            self._keyring = keys.keyring()
        return self._keyring

    def session_for(self, origin):
        """One HTTP session (a keep-alive connection pool) per push service."""
        with self._lock:
            return self._session_for(origin)

    def _session_for(self, origin):
        session = self.sessions.get(origin)
        if session is None:
            session = requests.Session()
            # No proxy or .netrc lookups from the environment on every message.
            session.trust_env = False
            adapter = requests.adapters.HTTPAdapter(
                pool_connections=1, pool_maxsize=self.pool_size, max_retries=0
            )
            session.mount(origin, adapter)
            self.sessions[origin] = session
        return session

    def send(self, subscription, payload, *, ttl, urgency, topic):
        """POST one encrypted message; return the push service's answer."""
        origin = origin_of(subscription.endpoint)
        key = self.keyring.find(subscription.key_id)
        headers = {
            "Authorization": key.authorization(origin, self.keyring.subject),
            "Urgency": urgency,
        }
        if topic:
            headers["Topic"] = topic
        # pywebpush encrypts (aes128gcm, a fresh ephemeral key per message); the request
        # is prepared by hand: Session.request() would merge cookies, hooks and
        # environment settings for every message, which costs more than the encryption.
        body = self.encrypt_only(subscription, payload)
        headers.update({"TTL": str(int(ttl)), "Content-Encoding": "aes128gcm"})
        request = requests.PreparedRequest()
        request.prepare(method="POST", url=subscription.endpoint, headers=headers, data=body)
        try:
            response = self.session_for(origin).send(request, timeout=self.timeout)
        except requests.RequestException as error:
            # Unreachable or reset: handled like a server error (back off, retry).
            return PushResponse(status=599, reason=type(error).__name__)
        return PushResponse(
            status=response.status_code,
            retry_after=response.headers.get("Retry-After", ""),
            reason=response.text[:200],
        )

    def encrypt_only(self, subscription, payload):
        """The aes128gcm body of one message for this subscription (RFC 8291)."""
        pusher = WebPusher(
            {
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            }
        )
        return pusher.encode(payload, "aes128gcm")["body"]

    def close(self):
        for session in self.sessions.values():
            session.close()
        self.sessions.clear()
