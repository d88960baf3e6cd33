"""DKIM: with a key configured, every edition is signed over the bulk-sender headers."""

import base64

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from masthead.newsletters.services import sending

from .conftest import subscribe


def test_editions_are_dkim_signed_and_verify(
    daily, edition, smtp_sink, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The message received by the SMTP server verifies against the published key, the
    signature covers List-Unsubscribe and List-Unsubscribe-Post, and a tampered
    List-Unsubscribe fails verification."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    (tmp_path / "dkim.pem").write_bytes(pem)
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)
    settings.NEWSLETTERS_DKIM_SELECTOR = "news2026"
    settings.NEWSLETTERS_DKIM_DOMAIN = "masthead.example"
    settings.NEWSLETTERS_DKIM_PRIVATE_KEY_FILE = str(tmp_path / "dkim.pem")

    def dns(name, timeout=5):
        return record if name == b"news2026._domainkey.masthead.example." else None

    subscribe(daily, 2)
    with django_capture_on_commit_callbacks(execute=True):
        sending.start(edition.pk)
    assert len(smtp_sink.envelopes) == 2
    for envelope in smtp_sink.envelopes:
        raw = envelope.content
        assert dkim.verify(raw, dnsfunc=dns)
        header = smtp_sink.messages[0]["DKIM-Signature"]
        signed = header.replace(" ", "").split("h=")[1].split(";")[0].lower().split(":")
        assert {"list-unsubscribe", "list-unsubscribe-post", "list-id", "message-id"} <= set(signed)
        tampered = raw.replace(b"/newsletters/unsubscribe/", b"/newsletters/unsubscribX/", 1)
        assert not dkim.verify(tampered, dnsfunc=dns)


def test_without_a_key_nothing_is_signed(
    daily, edition, smtp_sink, django_capture_on_commit_callbacks
):
    subscribe(daily, 1)
    with django_capture_on_commit_callbacks(execute=True):
        sending.start(edition.pk)
    assert smtp_sink.wait_for(1)["DKIM-Signature"] is None
