"""Encryption at rest for staff authenticator secrets.

A TOTP secret is a password the server must be able to read back, so it cannot be
hashed: it is sealed with Fernet (AES-128-CBC + HMAC-SHA256) under a key derived by
HKDF from ``MFA_ENCRYPTION_KEY``, or ``SECRET_KEY`` when that is unset. A copy of the
database (a backup, a replica, a leaked dump) then holds no usable secret.

Rotation: the first key seals; every key in ``MFA_ENCRYPTION_KEY_FALLBACKS`` (or
``SECRET_KEY_FALLBACKS``) still opens, and a secret opened with an old key is sealed
again under the new one the next time its code is accepted.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Separates this use of the key material from every other use of SECRET_KEY.
INFO = b"masthead.accounts.mfa-secret"
PREFIX = "gAAAAA"  # every Fernet token starts so (version byte 0x80, then a timestamp)


class UnreadableSecret(Exception):
    """A sealed secret that no configured key opens (the key was changed without keeping
    the old one as a fallback)."""


def _key_material():
    if getattr(settings, "MFA_ENCRYPTION_KEY", ""):
        return [settings.MFA_ENCRYPTION_KEY, *getattr(settings, "MFA_ENCRYPTION_KEY_FALLBACKS", [])]
    return [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]


def _fernet(material):
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(material.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _box():
    return MultiFernet([_fernet(material) for material in _key_material()])


def is_sealed(value):
    # A base32 TOTP secret is upper case and digits: it never starts like a token.
    return value.startswith(PREFIX)


def seal(plaintext):
    return _box().encrypt(plaintext.encode()).decode()


def open_sealed(token):
    try:
        return _box().decrypt(token.encode()).decode()
    except InvalidToken:
        raise UnreadableSecret(
            "An authenticator secret cannot be decrypted: keep the previous key in "
            "MFA_ENCRYPTION_KEY_FALLBACKS (or SECRET_KEY_FALLBACKS) while rotating."
        ) from None
