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
import re
import smtplib
import socket
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from email.utils import parseaddr

from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from .. import signing
from .editions import TOKEN_PLACEHOLDER

TO_PLACEHOLDER = "newsletter-recipient@placeholder.invalid"
MESSAGE_ID_PLACEHOLDER = "<newsletter-message-id@placeholder.invalid>"
_PART = b"NEWSLETTERPART%dMARKER"
_DOT_LINE = re.compile(rb"(?m)^\.")  # SMTP doubles a dot that starts a line
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
    """Sends an edition's copies through the mailer.

    With an SMTP mailer and ``connections`` above one, several copies are prepared at once on
    connections of their own (MAIL, RCPT, DATA and the message, in threads), while the
    calling thread completes them one at a time: it sends the final dot, reads the server's
    answer and records the outcome before completing the next. A message counts as accepted
    only at that dot, so however many connections there are, a worker that dies leaves at
    most one accepted message unrecorded.
    """

    def __init__(self, connection, build, *, connections=1, factory=None):
        """``build(to, token, message_id)`` returns an edition message for one recipient;
        ``factory()`` another mailer like ``connection``, for the extra connections."""
        self.connection = connection
        self.build = build
        self.template = None
        self.extra = []
        if isinstance(connection, SMTPBackend):
            sample = build(TO_PLACEHOLDER, TOKEN_PLACEHOLDER, MESSAGE_ID_PLACEHOLDER)
            self.envelope_from = parseaddr(sample.from_email)[1]
            try:
                self.template = MessageTemplate(sample)
            except ValueError:
                self.template = None  # every copy is built in full instead
        if self.template is not None and factory is not None and connections > 1:
            self.extra = [factory() for _ in range(connections - 1)]

    def send(self, *, to, token, message_id):
        if self.template is None or not to.isascii():
            self.connection.send_messages([self.build(to, token, message_id)])
            return
        raw = self.template.render(to=to, token=token, message_id=message_id)
        self.connection.open()  # reconnects after a dropped connection; no-op when open
        self.connection.connection.sendmail(self.envelope_from, [to], raw)

    def send_all(self, jobs, on_result):
        """Send each ``(to, token, message_id, item)``; call ``on_result(item, error)`` in this
        thread, in order, as each is accepted (``error`` None) or refused."""
        if not self.extra:
            for to, token, message_id, item in jobs:
                try:
                    self.send(to=to, token=token, message_id=message_id)
                except (smtplib.SMTPException, OSError) as error:
                    self.connection.close()  # the server may have dropped us (421)
                    on_result(item, error)
                else:
                    on_result(item, None)
            return
        idle = [self.connection, *self.extra]
        pending = deque()
        jobs = iter(jobs)
        with ThreadPoolExecutor(len(idle)) as pool:

            def prepare_next():
                job = next(jobs, None)
                if job is not None:
                    mailer = idle.pop()
                    pending.append((job, mailer, pool.submit(self._prepare, mailer, job)))

            for _ in range(len(idle)):
                prepare_next()
            while pending:
                job, mailer, future = pending.popleft()
                error = future.result()
                if error is None:
                    error = self._complete(mailer)
                if error is not None:
                    mailer.close()  # a clean session for the next copy on this connection
                on_result(job[3], error)
                idle.append(mailer)
                prepare_next()

    def _prepare(self, mailer, job):
        """Everything but the final dot; returns the error, if any."""
        to, token, message_id, _ = job
        try:
            if not to.isascii():
                raise smtplib.SMTPRecipientsRefused({to: (553, b"5.1.3 not an ASCII address")})
            raw = self.template.render(to=to, token=token, message_id=message_id)
            mailer.open()
            smtp = mailer.connection
            # The final dot is a small write after the message: without this, Nagle's
            # algorithm holds it until the server's delayed acknowledgement (~40 ms).
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            smtp.ehlo_or_helo_if_needed()
            code, reply = smtp.mail(self.envelope_from)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, self.envelope_from)
            code, reply = smtp.rcpt(to)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({to: (code, reply)})
            code, reply = smtp.docmd("data")
            if code != 354:
                raise smtplib.SMTPDataError(code, reply)
            smtp.send(_DOT_LINE.sub(b"..", raw if raw.endswith(b"\r\n") else raw + b"\r\n"))
        except (smtplib.SMTPException, OSError) as error:
            return error
        return None

    def _complete(self, mailer):
        """The final dot: the server accepts the message, or says why not."""
        try:
            smtp = mailer.connection
            smtp.send(b".\r\n")
            code, reply = smtp.getreply()
            if code != 250:
                raise smtplib.SMTPDataError(code, reply)
        except (smtplib.SMTPException, OSError) as error:
            return error
        return None

    def close(self):
        for mailer in (self.connection, *self.extra):
            mailer.close()
