"""A browser opens what the sender encrypts, read by RFC 8291 itself.

The loopback push service decrypts with http_ece, the library the sender encrypts with, so
it cannot catch a fault both share. The reader here is written from the RFC's steps on plain
`cryptography` primitives, and proves itself on the RFC's own example (Appendix A) first.
"""

import json

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from masthead.alerts.sender import encrypt
from tests.push_service import b64url, unb64url

# RFC 8291 Appendix A: the browser's private key and auth secret, and the message it got
# (published example data).
RFC_PRIVATE_KEY = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"
RFC_AUTH = "BTBZMqHH6r4Tts7J_aSIgg"
RFC_BODY = (
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYW"
    "AmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQ"
    "exSgSxsj_Qulcy4a-fN"
)


def hkdf(secret, salt, info, length):
    return HKDF(hashes.SHA256(), length, salt, info).derive(secret)


def point(public_key):
    return public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def open_message(body, private_key, auth):
    """What the browser does with a one-record aes128gcm body (RFC 8188 2, RFC 8291 3.4)."""
    salt, record_size, id_length = body[:16], int.from_bytes(body[16:20]), body[20]
    sender_key, record = body[21 : 21 + id_length], body[21 + id_length :]
    assert len(record) <= record_size
    shared = private_key.exchange(
        ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_key)
    )
    key_info = b"WebPush: info\0" + point(private_key.public_key()) + sender_key
    ikm = hkdf(shared, auth, key_info, 32)
    content_key = hkdf(ikm, salt, b"Content-Encoding: aes128gcm\0", 16)
    nonce = hkdf(ikm, salt, b"Content-Encoding: nonce\0", 12)
    padded = AESGCM(content_key).decrypt(nonce, record, None).rstrip(b"\0")
    assert padded.endswith(b"\x02"), "the last record ends with the 0x02 delimiter"
    return padded[:-1]


def test_the_reader_opens_the_rfc_example():
    private_key = ec.derive_private_key(int.from_bytes(unb64url(RFC_PRIVATE_KEY)), ec.SECP256R1())
    plain = open_message(unb64url(RFC_BODY), private_key, unb64url(RFC_AUTH))
    assert plain == b"When I grow up, I want to be a watermelon"


def test_a_browser_opens_the_message_with_its_own_keys():
    browser = ec.generate_private_key(ec.SECP256R1())
    auth = b"sixteen byte key"
    payload = json.dumps({"title": "Rockets fired at the north", "body": "ש" * 120}).encode()

    body = encrypt(b64url(point(browser.public_key())), b64url(auth), payload)

    assert open_message(body, browser, auth) == payload
    assert int.from_bytes(body[16:20]) == 4096


def test_each_message_has_its_own_salt_and_sender_key():
    """Reusing either would let an observer link messages or weaken the encryption."""
    browser = ec.generate_private_key(ec.SECP256R1())
    p256dh, auth = b64url(point(browser.public_key())), b64url(b"sixteen byte key")

    first, second = encrypt(p256dh, auth, b"{}"), encrypt(p256dh, auth, b"{}")

    assert first[:16] != second[:16]
    assert first[21:86] != second[21:86]
