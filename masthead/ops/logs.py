"""Structured logs: one JSON object per line in production, each with the request id, and no
email address or sign-in token in plain text. Times are UTC with milliseconds, whatever the
newsroom's zone: lines from several machines and from nginx sort and join as they happened.

Security events (a sign-in asked for, a link used or refused, a wrong admin password…) are
logged through `security_event`, on the `masthead.security` logger, as lines with an `event`
name and fields, so an operator can alert on them."""

import contextvars
import json
import logging
import re
from datetime import UTC, datetime

request_id = contextvars.ContextVar("request_id", default="-")

EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
# Secrets travel in the paths of sign-in, confirmation and unsubscribe links, and as
# `token=…`-style parameters.
SECRET = re.compile(
    r"(?i)((?:/link/|/confirm/|/unsubscribe/)|(?:token|code|key|signature|password|secret)[=:]\s*)"
    r"[^\s&/\"']+"
)


def redact(text):
    text = EMAIL.sub(r"\1***@\2", text)
    return SECRET.sub(lambda m: m.group(1) + "[redacted]", text)


def utc_time(record):
    """The record's time in UTC, to the millisecond: 2026-12-07T09:14:03.127Z."""
    moment = datetime.fromtimestamp(record.created, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


security_log = logging.getLogger("masthead.security")


def security_event(event, *, failed=False, **fields):
    """Log a security event: INFO when it went as it should, WARNING when something was
    refused or failed. Fields are plain values; addresses are masked on the way out and a
    token must never be passed."""
    security_log.log(
        logging.WARNING if failed else logging.INFO,
        "%s %s",
        event,
        " ".join(f"{name}={value}" for name, value in fields.items()),
        extra={"event": event, "fields": fields},
    )


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        # Django logs a failed request after the middleware returned, with the request attached.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id.get()
        return True


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatTime(self, record, datefmt=None):  # noqa: N802 - logging's name
        return utc_time(record)

    def format(self, record):
        record.request_id = getattr(record, "request_id", request_id.get())
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": utc_time(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", request_id.get()),
            "message": redact(record.getMessage()),
        }
        if event := getattr(record, "event", None):
            entry["event"] = event
            entry.update({name: redact(str(value)) for name, value in record.fields.items()})
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)
