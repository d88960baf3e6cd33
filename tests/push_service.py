"""A real Web Push service on loopback, for the tests and the benchmark.

It does what a browser vendor's push service does with a message (RFC 8030/8291/8292):
checks the VAPID token (ES256 signature by the key in `k`, `aud` = its own origin, `exp`
within 24 hours, a `sub`), decrypts the aes128gcm body with the subscription's private
key, and records the message with its TTL, Urgency and Topic. Tests script its answers
(201, 404, 410, 413, 429 with Retry-After, 500, 403…) per subscription.
"""

import asyncio
import base64
import json
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

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


@dataclass
class Request:
    method: str
    path: str
    headers: dict  # names in lower case
    body: bytes
    client_address: tuple


class _Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection: requests are answered in the order they came."""

    def __init__(self, service):
        self.service = service
        self.buffer = bytearray()

    def connection_made(self, transport):
        self.transport = transport
        self.peer = transport.get_extra_info("peername")
        self.service.connections.add(self.peer)

    def data_received(self, data):
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            lines = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
            method, path, _version = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length") or 0)
            if len(self.buffer) < end + 4 + length:
                return  # the rest of the body is on its way
            body = bytes(self.buffer[end + 4 : end + 4 + length])
            del self.buffer[: end + 4 + length]
            request = Request(method, path, headers, body, self.peer)
            status, response_headers, response_body = self.service.respond(request)
            head = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}"]
            head += [f"{name}: {value}" for name, value in response_headers.items()]
            head.append(f"Content-Length: {len(response_body)}")
            self.transport.write(("\r\n".join(head) + "\r\n\r\n").encode() + response_body)
            if headers.get("connection", "").lower() == "close":
                self.transport.close()
                return


REASONS = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    410: "Gone",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class PushService:
    """Start with `PushService().start()`; `stop()` when done (or use it as a context).

    It runs an asyncio server in a thread of its own. With `record=False` (the benchmark)
    it keeps counts and the checked sample only, not every message.
    """

    def __init__(self, *, max_body=4096, sample=1.0, record=True):
        self.max_body = max_body
        self.sample = sample  # share of messages verified and decrypted (benchmark: < 1)
        self.record = record
        self.subscribers = {}
        self.messages = []
        self.errors = []
        self.scripted = defaultdict(deque)  # token -> answers to give, in order
        self.retry_after = "1"
        self.outage = None  # a status (503) to answer every message with, as if down
        self.lock = threading.Lock()
        self.connections = set()
        self.received = 0
        self.delivered_count = 0
        self.first_delivery = self.last_delivery = None
        self.loop = self.server = None
        self.origin = ""

    # --- running ---
    def start(self, port=0):
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            self.server = self.loop.run_until_complete(
                self.loop.create_server(lambda: _Connection(self), "127.0.0.1", port)
            )
            host, port_ = self.server.sockets[0].getsockname()[:2]
            self.origin = f"http://{host}:{port_}"
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        ready.wait()
        return self

    def stop(self):
        """Close the port and every open connection."""
        if self.server is None:
            return

        async def shut():
            self.server.close()
            self.server.close_clients()
            await self.server.wait_closed()

        asyncio.run_coroutine_threadsafe(shut(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()
        self.server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def stats(self):
        """GET /stats: counts and the wall-clock times of the first and last delivery."""
        with self.lock:
            checked = [m for m in self.messages if m.status == 201]
            return {
                "received": self.received,
                "delivered": self.delivered_count,
                "verified": sum(1 for m in checked if m.claims),
                "decrypted": sum(1 for m in checked if m.payload),
                "errors": self.errors[:5],
                "first": self.first_delivery,
                "last": self.last_delivery,
                "connections": len(self.connections),
                "cpu": time.process_time(),
            }

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
    def respond(self, request):
        """Answer one request: (status, headers, body)."""
        if request.method == "GET" and request.path == "/stats":
            body = json.dumps(self.stats()).encode()
            return 200, {"Content-Type": "application/json"}, body
        if request.method != "POST":
            return 404, {}, b""
        token = request.path.rsplit("/", 1)[-1]
        with self.lock:
            self.received += 1
            count = self.received
            subscriber = self.subscribers.get(token)
            scripted = self.scripted[token].popleft() if self.scripted.get(token) else None
        check = self.sample >= 1 or count % max(1, round(1 / self.sample)) == 0
        if self.outage:
            status, payload, claims, key = self.outage, None, {}, ""
        else:
            status, payload, claims, key = self.process(request, subscriber, scripted, check)
        headers = {}
        if status == 429:
            headers["Retry-After"] = self.retry_after
        if status == 201:
            headers["Location"] = f"{self.origin}/message/{secrets.token_hex(8)}"
        message = Message(
            token=token,
            payload=payload,
            ttl=request.headers.get("ttl", ""),
            urgency=request.headers.get("urgency", ""),
            topic=request.headers.get("topic", ""),
            claims=claims,
            vapid_key=key,
            size=len(request.body),
            connection=request.client_address,
            status=status,
        )
        with self.lock:
            if status == 201:
                self.delivered_count += 1
                self.first_delivery = self.first_delivery or message.wall
                self.last_delivery = message.wall
            if self.record or check:
                self.messages.append(message)
        return status, headers, b""

    def process(self, request, subscriber, scripted, check):
        if subscriber is None:
            return 404, None, {}, ""
        if request.headers.get("ttl") is None:
            return self.fail(400, "missing TTL")
        claims, key = {}, ""
        if check:
            try:
                claims, key = verify_vapid(request.headers.get("authorization"), self.origin)
            except VapidError as error:
                return self.fail(401, str(error))
            if subscriber.server_key and key != subscriber.server_key:
                return self.fail(403, "VAPID key differs from the subscription's")
        if scripted is not None:
            return scripted, None, claims, key
        body = request.body
        if len(body) > self.max_body:
            return 413, None, claims, key
        payload = None
        if check and body:
            if request.headers.get("content-encoding") != "aes128gcm":
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
    service = PushService(sample=args.sample, record=False)
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
