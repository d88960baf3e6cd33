"""Each recipient's copy of an edition, made cheaply from one message built per batch run.

Building a MIME message through ``email`` costs milliseconds, which bounds a send at a few
hundred messages a second. So the edition's message is built once, by Django, with stand-ins
for the recipient's address, unsubscribe token and Message-ID; each copy then only puts the
recipient's values into that message's bytes and encodes its two parts again (with the C
encoders of ``binascii``). With an SMTP mailer the bytes go straight over the mailer's
connection; any other mailer (django-anymail providers, locmem, console) is given ordinary
message objects.
"""

import base64
import binascii
import email.policy
from email.utils import parseaddr

from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from .. import signing
from .editions import TOKEN_PLACEHOLDER

TO_PLACEHOLDER = "newsletter-recipient@placeholder.invalid"
MESSAGE_ID_PLACEHOLDER = "<newsletter-message-id@placeholder.invalid>"
_PART = b"NEWSLETTERPART%dMARKER"
_ENCODERS = {
    "quoted-printable": lambda data: binascii.b2a_qp(data, istext=True),
    "base64": base64.encodebytes,
    "7bit": lambda data: data,
    "8bit": lambda data: data,
}


def _crlf(data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


class MessageTemplate:
    """An edition's message as bytes, split around its parts, ready to personalise."""

    def __init__(self, message):
        msg = message.message(policy=email.policy.SMTP, sign=False)  # each copy is signed
        self.parts = []
        for number, part in enumerate(p for p in msg.walk() if not p.is_multipart()):
            cte = part.get("Content-Transfer-Encoding", "7bit").lower()
            charset = part.get_content_charset() or "us-ascii"
            self.parts.append((part.get_content(), charset, _ENCODERS[cte]))
            part.set_payload((_PART % number).decode())
        raw = msg.as_bytes()
        self.chunks = []
        for number in range(len(self.parts)):
            head, raw = raw.split(_PART % number)
            self.chunks.append(head)
        self.chunks.append(raw)
        header = self.chunks[0]
        # Only the header block holds the address and the Message-ID; each exactly once.
        if (
            header.count(TO_PLACEHOLDER.encode()) != 1
            or header.count(MESSAGE_ID_PLACEHOLDER.encode()) != 1
        ):
            raise ValueError("the message's headers were folded across a stand-in")

    def render(self, *, to, token, message_id):
        """One recipient's message, as the bytes an SMTP server receives."""
        token_bytes = token.encode()
        pieces = [
            self.chunks[0]
            .replace(TO_PLACEHOLDER.encode(), to.encode())
            .replace(MESSAGE_ID_PLACEHOLDER.encode(), message_id.encode())
            .replace(TOKEN_PLACEHOLDER.encode(), token_bytes)
        ]
        for (content, charset, encode), chunk in zip(self.parts, self.chunks[1:], strict=True):
            data = content.replace(TOKEN_PLACEHOLDER, token).encode(charset)
            pieces.append(_crlf(encode(data)))
            pieces.append(chunk)
        return signing.sign_bytes(b"".join(pieces))


class Outbox:
    """Sends an edition's copies over one mailer connection."""

    def __init__(self, connection, build):
        """``build(to, token, message_id)`` returns an edition message for one recipient."""
        self.connection = connection
        self.build = build
        self.template = None
        if isinstance(connection, SMTPBackend):
            sample = build(TO_PLACEHOLDER, TOKEN_PLACEHOLDER, MESSAGE_ID_PLACEHOLDER)
            self.envelope_from = parseaddr(sample.from_email)[1]
            try:
                self.template = MessageTemplate(sample)
            except ValueError:
                self.template = None  # every copy is built in full instead

    def send(self, *, to, token, message_id):
        if self.template is None or not to.isascii():
            self.connection.send_messages([self.build(to, token, message_id)])
            return
        raw = self.template.render(to=to, token=token, message_id=message_id)
        self.connection.open()  # reconnects after a dropped connection; no-op when open
        self.connection.connection.sendmail(self.envelope_from, [to], raw)

    def close(self):
        self.connection.close()
