"""A real SMTP server for tests: aiosmtpd on loopback, keeping every message it receives."""

import email
import email.policy
import re
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """Collects messages; ``messages`` are parsed ``email.message.EmailMessage`` objects."""

    def __init__(self):
        self.messages = []
        self.envelopes = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.envelopes.append(envelope)
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, count=1, timeout=5):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} message(s), got {len(self.messages)}")
            time.sleep(0.02)
        return self.messages[count - 1]

    def clear(self):
        with self._lock:
            self.messages.clear()
            self.envelopes.clear()


def text_part(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message):
    return message.get_body(preferencelist=("html",)).get_content()


def find_link(message, pattern=r"https?://\S+/account/link/[A-Za-z0-9_\-]+/"):
    match = re.search(pattern, text_part(message))
    assert match, text_part(message)
    return match.group(0)


def find_code(message):
    match = re.search(r"code[^:]*: (\d{6})", text_part(message))
    assert match, text_part(message)
    return match.group(1)


@pytest.fixture
def smtp_sink(settings):
    """Start an SMTP server on 127.0.0.1 and point the default mailer at it."""
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    sink.port = port
    try:
        yield sink
    finally:
        controller.stop()
