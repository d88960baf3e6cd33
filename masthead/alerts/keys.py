"""VAPID keys (RFC 8292): the application server's identity towards push services.

The keys come from the environment (`VAPID_PRIVATE_KEY`, `VAPID_PRIVATE_KEY_FALLBACKS`)
or, in the embedded default, are generated once into the data folder
(`<data>/vapid-keys.json`, mode 0600). They are never in code.

Rotation works like `SECRET_KEY_FALLBACKS`: the current key is offered to browsers
for new subscriptions; earlier keys keep signing for the subscriptions made with them
(each subscription stores its key id) until those browsers re-subscribe.
"""

import base64
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from email.utils import parseaddr
from functools import cached_property
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid02

KEY_FILE_NAME = "vapid-keys.json"
# Push services accept tokens valid for at most 24 hours; ours live 12 and are reused
# for an hour less than that.
TOKEN_LIFETIME = 12 * 3600
TOKEN_REUSE = 11 * 3600


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    text = text.strip()
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def _private_from_text(text):
    """A private key from PEM or from the raw 32-byte scalar in base64url."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        return serialization.load_pem_private_key(text.encode(), password=None)
    return ec.derive_private_key(int.from_bytes(b64url_decode(text), "big"), ec.SECP256R1())


def _private_to_text(private_key):
    return b64url(private_key.private_numbers().private_value.to_bytes(32, "big"))


@dataclass
class VapidKey:
    private_key: ec.EllipticCurvePrivateKey
    _tokens: dict = field(default_factory=dict, repr=False)

    @cached_property
    def public_bytes(self):
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )

    @cached_property
    def application_server_key(self):
        """The public key as browsers take it (`applicationServerKey`), base64url."""
        return b64url(self.public_bytes)

    @cached_property
    def key_id(self):
        """A short, stable name for this key: stored with every subscription made with it."""
        return hashlib.sha256(self.public_bytes).hexdigest()[:16]

    @cached_property
    def _vapid(self):
        vapid = Vapid02()
        vapid.private_key = self.private_key
        return vapid

    def authorization(self, audience, subject, *, now=None):
        """The `Authorization: vapid t=…,k=…` header for a push service origin.

        Signing costs as much as encrypting a message, so a token is reused for an
        origin until it is close to expiry.
        """
        now = int(now if now is not None else time.time())
        cached = self._tokens.get((audience, subject))
        if cached and cached[0] - now > TOKEN_LIFETIME - TOKEN_REUSE:
            return cached[1]
        expires = now + TOKEN_LIFETIME
        header = self._vapid.sign({"aud": audience, "sub": subject, "exp": expires})[
            "Authorization"
        ]
        self._tokens[(audience, subject)] = (expires, header)
        return header


@dataclass
class KeyRing:
    current: VapidKey
    fallbacks: list = field(default_factory=list)
    subject: str = ""

    def find(self, key_id):
        """The key a subscription was made with; the current key when it is unknown."""
        for key in [self.current, *self.fallbacks]:
            if key.key_id == key_id:
                return key
        return self.current

    def knows(self, key_id):
        return any(k.key_id == key_id for k in [self.current, *self.fallbacks])


def key_file():
    return Path(settings.DATA_DIR) / KEY_FILE_NAME


def _read_store():
    path = key_file()
    if path.exists():
        return json.loads(path.read_text())
    return None


def _write_store(store):
    path = key_file()
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(store, handle)
    os.replace(tmp, path)


def _generate():
    return ec.generate_private_key(ec.SECP256R1())


def default_subject():
    """`VAPID_SUBJECT`, else a mailto: of the site's sender address."""
    if settings.ALERTS_VAPID_SUBJECT:
        return settings.ALERTS_VAPID_SUBJECT
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "news@masthead.localhost"
    return f"mailto:{address}"


_cache = {}


def keyring():
    """The key ring, loaded once per process (and again when the key file changes)."""
    if settings.ALERTS_VAPID_PRIVATE_KEY:
        signature = (
            "env",
            settings.ALERTS_VAPID_PRIVATE_KEY,
            tuple(settings.ALERTS_VAPID_FALLBACKS),
        )
    else:
        path = key_file()
        if not path.exists():
            _write_store({"current": _private_to_text(_generate()), "fallbacks": []})
        status = path.stat()
        # os.replace() gives a rotated file a new inode.
        signature = ("file", str(path), status.st_ino, status.st_mtime_ns)
    ring = _cache.get(signature)
    if ring is None:
        ring = _load(signature)
        _cache.clear()
        _cache[signature] = ring
    return ring


def _load(signature):
    if signature[0] == "env":
        current = settings.ALERTS_VAPID_PRIVATE_KEY
        fallbacks = list(settings.ALERTS_VAPID_FALLBACKS)
    else:
        store = _read_store()
        current, fallbacks = store["current"], store.get("fallbacks", [])
    return KeyRing(
        current=VapidKey(_private_from_text(current)),
        fallbacks=[VapidKey(_private_from_text(text)) for text in fallbacks],
        subject=default_subject(),
    )


def rotate(keep=2):
    """Make a new current key in the data folder; the previous ones keep signing.

    Returns the new key. With keys from the environment, rotation is done there
    (move the old key to `VAPID_PRIVATE_KEY_FALLBACKS`).
    """
    if settings.ALERTS_VAPID_PRIVATE_KEY:
        raise RuntimeError(
            "VAPID keys come from the environment: set a new VAPID_PRIVATE_KEY and move "
            "the old one to VAPID_PRIVATE_KEY_FALLBACKS."
        )
    keyring()  # make sure a store exists
    store = _read_store()
    new = _generate()
    store = {
        "current": _private_to_text(new),
        "fallbacks": [store["current"], *store.get("fallbacks", [])][:keep],
    }
    _write_store(store)
    return keyring().current
