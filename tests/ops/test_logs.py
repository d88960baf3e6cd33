"""Logs carry the request id and never an email address or a sign-in token in plain text."""

import io
import json
import logging
import re

import pytest

from masthead.ops.logs import (
    JsonFormatter,
    RequestIdFilter,
    TextFormatter,
    request_id,
    security_event,
)


@pytest.mark.django_db
def test_a_request_gets_an_id_that_its_log_lines_carry_and_secrets_are_masked(client):
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    previous = console.setStream(io.StringIO())  # the configured handler, formatter and filter
    try:
        response = client.get("/account/link/Zq8sECRETt0ken_value/x/?to=jane.doe@example.com")
        err = console.stream.getvalue()
    finally:
        console.setStream(previous)
    assert response.status_code == 404
    rid = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", rid)
    line = next(line for line in err.splitlines() if "Not Found" in line)
    assert f"[{rid}]" in line
    assert "Zq8sECRETt0ken_value" not in err
    assert "jane.doe@example.com" not in err
    assert "/account/link/[redacted]/" in line


def test_a_proxy_request_id_is_kept_but_a_forged_one_is_replaced(client):
    kept = client.get("/health/live", headers={"X-Request-ID": "edge-4f2a9c01"})
    assert kept["X-Request-ID"] == "edge-4f2a9c01"
    forged = client.get("/health/live", headers={"X-Request-ID": "x\ninjected log line"})
    assert forged["X-Request-ID"] != "x\ninjected log line"
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])


def test_production_lines_are_json_objects_with_masked_secrets():
    record = logging.LogRecord(
        "masthead.accounts",
        logging.ERROR,
        __file__,
        1,
        "Could not send to %s",
        ("reader@example.org",),
        None,
    )
    token = request_id.set("req-12345678")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request_id"] == "req-12345678"
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "masthead.accounts"
    assert "reader@example.org" not in entry["message"]
    assert entry["message"] == "Could not send to r***@example.org"


def record_at(created):
    record = logging.LogRecord("masthead", logging.WARNING, __file__, 1, "late", (), None)
    record.created = created
    RequestIdFilter().filter(record)
    return record


def test_log_times_are_utc_with_milliseconds_in_both_formats(settings):
    """The newsroom's zone (Asia/Jerusalem by default) never shows in a log line: every line's
    time is UTC, to the millisecond, so lines from several machines sort as they happened."""
    assert settings.TIME_ZONE != "UTC"
    record = record_at(1_796_000_000.127)  # 2026-11-30 00:53:20.127 UTC, 02:53 in Jerusalem
    assert json.loads(JsonFormatter().format(record))["time"] == "2026-11-30T00:53:20.127Z"
    assert TextFormatter().format(record).startswith("2026-11-30T00:53:20.127Z WARNING ")


def test_security_events_are_structured_lines_without_the_address():
    """A security event is one line with its name and fields, at INFO when it went as it
    should and at WARNING when something was refused; an address in it is masked."""
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("masthead.security")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        security_event("signin.requested", email="jane.doe@example.com", ip="203.0.113.9")
        security_event("signin.refused", failed=True, reason="expired")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    first, second = (json.loads(line) for line in handler.stream.getvalue().splitlines())
    assert (first["event"], first["level"]) == ("signin.requested", "INFO")
    assert first["email"] == "j***@example.com" and first["ip"] == "203.0.113.9"
    assert "jane.doe" not in handler.stream.getvalue()
    assert (second["event"], second["level"], second["reason"]) == (
        "signin.refused",
        "WARNING",
        "expired",
    )
