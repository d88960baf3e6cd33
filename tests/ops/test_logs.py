"""Logs carry the request id and never an email address or a sign-in token in plain text."""

import io
import json
import logging
import re

import pytest

from masthead.ops.logs import JsonFormatter, RequestIdFilter, request_id


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
