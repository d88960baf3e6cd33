"""A real Web Push service on loopback, for the tests and the benchmark.

It does what a browser vendor's push service does with a message (RFC 8030/8291/8292):
checks the VAPID token (ES256 signature by the key in `k`, `aud` = its own origin, `exp`
within 24 hours, a `sub`), decrypts the aes128gcm body with the subscription's private
key, and records the message with its TTL, Urgency and Topic. Tests script its answers
(201, 404, 410, 413, 429 with Retry-After, 500, 403…) per subscription.
"""

import base64
import json
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

MAX_TOKEN_LIFETIME = 24 * 3600


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    if isinstance(text, bytes):
        text = text.decode()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Subscriber:
    """A browser's side of a subscription: the key pair and auth secret it made."""

    token: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    # The application server key the browser subscribed with; another one gets 403.
    server_key: str = ""

    @property
    def p256dh(self):
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    def as_json(self):
        """What `PushSubscription.toJSON()` gives in the browser."""
        return {
            "endpoint": self.endpoint,
            "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)},
        }


@dataclass
class Message:
    token: str
    payload: dict | None
    ttl: str
    urgency: str
    topic: str
    claims: dict
    vapid_key: str
    size: int
    connection: tuple
    status: int
    at: float = field(default_factory=time.monotonic)
    wall: float = field(default_factory=time.time)


class VapidError(Exception):
    pass


def verify_vapid(header, audience, *, now=None):
    """Check an `Authorization: vapid t=…,k=…` header; return (claims, public key)."""
    now = now or time.time()
    scheme, _, params = (header or "").partition(" ")
    if scheme.lower() != "vapid":
        raise VapidError(f"scheme {scheme!r} is not vapid")
    parts = dict(p.strip().split("=", 1) for p in params.split(",") if "=" in p)
    token, key = parts.get("t", ""), parts.get("k", "")
    try:
        signing_input, _, signature = token.rpartition(".")
        head_b64, _, claims_b64 = signing_input.partition(".")
        head = json.loads(unb64url(head_b64))
        claims = json.loads(unb64url(claims_b64))
        raw_signature = unb64url(signature)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    except (ValueError, TypeError) as error:
        raise VapidError(f"malformed token: {error}") from error
    if head.get("alg") != "ES256":
        raise VapidError(f"alg {head.get('alg')!r} is not ES256")
    if len(raw_signature) != 64:
        raise VapidError("an ES256 signature is 64 bytes")
    der = encode_dss_signature(
        int.from_bytes(raw_signature[:32], "big"), int.from_bytes(raw_signature[32:], "big")
    )
    try:
        public.verify(der, signing_input.encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as error:
        raise VapidError("bad signature") from error
    if claims.get("aud") != audience:
        raise VapidError(f"aud {claims.get('aud')!r} is not {audience!r}")
    exp = claims.get("exp")
    if not isinstance(exp, int) or exp <= now or exp > now + MAX_TOKEN_LIFETIME:
        raise VapidError(f"exp {exp!r} is not within 24 hours")
    sub = claims.get("sub", "")
    if not (sub.startswith("mailto:") or sub.startswith("https://")):
        raise VapidError(f"sub {sub!r} is not a mailto: or https: URL")
    return claims, key


class PushService:
    """Start with `PushService().start()`; `stop()` when done (or use it as a context)."""

    def __init__(self, *, max_body=4096, sample=1.0):
        self.max_body = max_body
        self.sample = sample  # share of messages verified and decrypted (benchmark: < 1)
        self.subscribers = {}
        self.messages = []
        self.errors = []
        self.scripted = defaultdict(deque)  # token -> answers to give, in order
        self.retry_after = "1"
        self.lock = threading.Lock()
        self.connections = set()
        self.received = 0
        self.server = None

    # --- running ---
    def start(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                service.handle(self)

            def do_GET(self):
                service.stats(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def origin(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stats(self, request):
        """GET /stats: counts and the wall-clock times of the first and last delivery."""
        with self.lock:
            delivered = [m for m in self.messages if m.status == 201]
            data = {
                "received": self.received,
                "delivered": len(delivered),
                "verified": sum(1 for m in delivered if m.claims),
                "decrypted": sum(1 for m in delivered if m.payload),
                "errors": self.errors[:5],
                "first": delivered[0].wall if delivered else None,
                "last": delivered[-1].wall if delivered else None,
                "connections": len(self.connections),
            }
        body = json.dumps(data).encode()
        request.send_response(200)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    # --- browsers ---
    def subscribe(self, server_key=""):
        """A new subscription, as a browser would make it; returns the Subscriber."""
        token = secrets.token_urlsafe(12)
        subscriber = Subscriber(
            token=token,
            endpoint=f"{self.origin}/push/{token}",
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth=os.urandom(16),
            server_key=server_key,
        )
        with self.lock:
            self.subscribers[token] = subscriber
        return subscriber

    def answer(self, subscriber, *statuses):
        """Answer the next messages to this subscriber with these statuses (then 201)."""
        with self.lock:
            self.scripted[subscriber.token].extend(statuses)

    def messages_for(self, subscriber):
        with self.lock:
            return [m for m in self.messages if m.token == subscriber.token]

    def delivered(self, subscriber=None):
        with self.lock:
            return [
                m
                for m in self.messages
                if m.status == 201 and (subscriber is None or m.token == subscriber.token)
            ]

    # --- the protocol ---
    def handle(self, request):
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        token = request.path.rsplit("/", 1)[-1]
        with self.lock:
            self.received += 1
            count = self.received
            self.connections.add(request.client_address)
            subscriber = self.subscribers.get(token)
            scripted = self.scripted[token].popleft() if self.scripted.get(token) else None
        check = self.sample >= 1 or count % max(1, round(1 / self.sample)) == 0
        status, payload, claims, key = self.process(request, body, subscriber, scripted, check)
        headers = {}
        if status == 429:
            headers["Retry-After"] = self.retry_after
        if status == 201:
            headers["Location"] = f"{self.origin}/message/{secrets.token_hex(8)}"
        with self.lock:
            self.messages.append(
                Message(
                    token=token,
                    payload=payload,
                    ttl=request.headers.get("TTL", ""),
                    urgency=request.headers.get("Urgency", ""),
                    topic=request.headers.get("Topic", ""),
                    claims=claims,
                    vapid_key=key,
                    size=len(body),
                    connection=request.client_address,
                    status=status,
                )
            )
        request.send_response(status)
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Length", "0")
        request.end_headers()

    def process(self, request, body, subscriber, scripted, check):
        if subscriber is None:
            return 404, None, {}, ""
        if request.headers.get("TTL") is None:
            return self.fail(400, "missing TTL")
        claims, key = {}, ""
        if check:
            try:
                claims, key = verify_vapid(request.headers.get("Authorization"), self.origin)
            except VapidError as error:
                return self.fail(401, str(error))
            if subscriber.server_key and key != subscriber.server_key:
                return self.fail(403, "VAPID key differs from the subscription's")
        if scripted is not None:
            return scripted, None, claims, key
        if len(body) > self.max_body:
            return 413, None, claims, key
        payload = None
        if check and body:
            if request.headers.get("Content-Encoding") != "aes128gcm":
                return self.fail(400, "Content-Encoding is not aes128gcm")
            try:
                plain = http_ece.decrypt(
                    body,
                    private_key=subscriber.private_key,
                    auth_secret=subscriber.auth,
                    version="aes128gcm",
                )
                payload = json.loads(plain)
            except Exception as error:  # any failure to decrypt is the sender's error
                return self.fail(400, f"cannot decrypt: {error}")
        return 201, payload, claims, key

    def fail(self, status, reason):
        with self.lock:
            self.errors.append(reason)
        return status, None, {}, ""


def main():
    """Run as a process for the benchmark: make N subscribers, write them out, serve."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--out", required=True, help="JSON lines file of subscriptions")
    parser.add_argument("--sample", type=float, default=0.01, help="share verified/decrypted")
    args = parser.parse_args()
    service = PushService(sample=args.sample)
    service.start()
    with open(args.out, "w") as out:
        for _ in range(args.subscribers):
            out.write(json.dumps(service.subscribe().as_json()) + "\n")
    print(service.origin, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    service.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
