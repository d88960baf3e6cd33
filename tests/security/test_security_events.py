"""Security events reach the logs as structured lines an operator can alert on (with
LOG_LEVEL=INFO): sign-ins asked for, links and codes used or refused, admin passwords and
second-factor codes refused, lockouts, refused identity providers, sign-out everywhere and
deleted accounts. Never a token, a code or a whole email address."""

import io
import json
import logging
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from masthead.accounts.adapters import SocialAccountAdapter
from masthead.accounts.models import Member
from masthead.ops.logs import JsonFormatter, RequestIdFilter
from tests.accounts.conftest import ask_for_link
from tests.security.test_staff_accounts import PASSWORD, enroll, signed_in
from tests.smtp import find_code, find_link
from tests.smtp import smtp_sink as smtp_sink_fixture

pytestmark = pytest.mark.django_db
smtp_sink = smtp_sink_fixture  # a real SMTP server on loopback, as the sign-in tests use


@pytest.fixture
def events():
    """The security log as the production handler writes it: JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("masthead.security")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)

    def read():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    read.raw = stream
    yield read
    logger.removeHandler(handler)
    logger.setLevel(previous)


def names(lines):
    return [line["event"] for line in lines]


def test_a_readers_sign_in_is_logged_from_request_to_link_without_secrets(
    client, smtp_sink, events
):
    ask_for_link(client, "jane.doe@example.com")
    message = smtp_sink.wait_for(1)
    link, code = find_link(message), find_code(message)
    client.get(link.removeprefix("http://testserver"))
    Client().post(link.removeprefix("http://testserver"))  # another device presses "Sign in"
    lines = events()
    assert names(lines)[:2] == ["signin.requested", "signin.link_redeemed"]
    assert lines[0]["email"] == "j***@example.com" and lines[0]["outcome"] == "sent"
    refused = [line for line in lines if line["event"] == "signin.link_refused"]
    assert refused and refused[0]["reason"] == "used" and refused[0]["level"] == "WARNING"
    raw = events.raw.getvalue()
    token = re.search(r"/account/link/([^/]+)/", link).group(1)
    assert "jane.doe" not in raw and token not in raw and code not in raw


def test_a_wrong_code_is_logged_as_refused(client, smtp_sink, events):
    ask_for_link(client, "coder@example.com")
    smtp_sink.wait_for(1)
    client.post("/account/signin/code/", {"code": "000000"})
    refused = [line for line in events() if line["event"] == "signin.code_refused"]
    assert refused and refused[0]["reason"] in ("wrong", "locked")


def test_admin_password_failures_and_the_lockout_are_logged(events):
    staff = Member.objects.create_user("desk@example.com", PASSWORD, is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for n in range(6):
        Client(REMOTE_ADDR=f"10.9.0.{n}").post(
            "/admin/login/", {"username": staff.email, "password": "wrong password!"}
        )
    lines = events()
    failed = [line for line in lines if line["event"] == "admin.password_failed"]
    assert len(failed) >= 5 and failed[0]["email"] == "d***@example.com"
    assert failed[0]["ip"] == "10.9.0.0"
    assert "admin.locked" in names(lines)


def test_second_factor_failures_and_lockout_are_logged(settings, events):
    settings.MASTHEAD_STAFF_MFA = True
    desk = Member.objects.create_user("mfa-desk@example.com", PASSWORD, is_staff=True)
    desk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    enroll(signed_in(desk))
    client = signed_in(desk)
    for _ in range(6):
        client.post("/admin/second-factor/verify/", {"code": "123456"})
    lines = [line for line in events() if line["event"].startswith("mfa.")]
    assert names(lines).count("mfa.failed") == 5 and "mfa.locked" in names(lines)
    assert lines[0]["member"] == str(desk.pk)


def test_a_refused_identity_provider_is_logged(rf, events):
    class Provider:
        id = "oidc"

    SocialAccountAdapter().on_authentication_error(
        rf.get("/auth/oidc/oidc/login/callback/"),
        Provider(),
        error="unknown",
        exception=ValueError("The ID token's nonce does not match."),
    )
    line = next(line for line in events() if line["event"] == "oidc.refused")
    assert line["provider"] == "oidc" and "nonce" in line["reason"]


def test_sign_out_everywhere_and_deleting_an_account_are_logged(client, events):
    member = Member.objects.create_user("leaving@example.com")
    client.force_login(member)
    client.post("/account/signout/everywhere/")
    member.refresh_from_db()  # a new session generation: the old sessions are over
    client.force_login(member)
    client.post("/account/delete/", {"confirm": "on"})
    assert names(events()) == ["account.signed_out_everywhere", "account.deleted"]
