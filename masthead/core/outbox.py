"""The demo mail catcher's store: one .eml file per message received, newest first."""

import email
import email.policy
import re
import time
from pathlib import Path

from django.conf import settings

SAFE_NAME = re.compile(r"^[0-9]+-[0-9a-f]{8}\.eml$")


def directory():
    path = Path(settings.OUTBOX_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(raw_bytes):
    import secrets

    name = f"{time.time_ns()}-{secrets.token_hex(4)}.eml"
    (directory() / name).write_bytes(raw_bytes)
    return name


def _parse(path):
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return {
        "name": path.name,
        "subject": message["Subject"] or "(no subject)",
        "to": message["To"],
        "from": message["From"],
        "date": message["Date"],
        "text": text.get_content() if text else "",
        "html": html.get_content() if html else "",
    }


def list_messages(limit=100):
    files = sorted(directory().glob("*.eml"), reverse=True)[:limit]
    return [_parse(path) for path in files]


def read_message(name):
    if not SAFE_NAME.match(name):
        return None
    path = directory() / name
    return _parse(path) if path.exists() else None
