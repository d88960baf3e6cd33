"""Structured logs: one JSON object per line in production, each with the request id, and no
email address or sign-in token in plain text."""

import contextvars
import json
import logging
import re

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


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        # Django logs a failed request after the middleware returned, with the request attached.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id.get()
        return True


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record):
        record.request_id = getattr(record, "request_id", request_id.get())
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", request_id.get()),
            "message": redact(record.getMessage()),
        }
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)
