"""The answer to "enter your email" says nothing about which addresses have accounts."""

import pytest
from django.test import Client

from masthead.accounts.models import Member
from tests.accounts.conftest import ask_for_link, without_csrf

pytestmark = pytest.mark.django_db


def answer(email, **extra):
    response = Client(**extra).post("/account/signin/", {"email": email, "next": "/a/"})
    return response.status_code, without_csrf(response.content), sorted(response.headers)


def test_known_and_unknown_addresses_get_byte_identical_answers(smtp_sink):
    """An address gets the same status, headers and bytes before and after it has an account."""
    unknown = answer("reader@example.com")
    Member.objects.create_user("reader@example.com")
    known = answer("reader@example.com")
    assert known == unknown
    assert b"We sent an email to you at <strong>" in known[1]
    # Both really sent an email: a sign-in one and a registration one.
    assert [m["Subject"] for m in smtp_sink.messages] == [
        "Finish registering with Masthead",
        "Sign in to Masthead",
    ]


def test_rate_limited_answers_say_nothing_was_sent_in_the_same_words_for_every_address(
    reader, smtp_sink, settings
):
    """Past the per-address limit the page says that no new email went out, byte for byte
    the same for an address with an account and one without."""
    settings.ACCOUNTS_EMAILS_PER_ADDRESS = (1, 3600)
    answer("reader@example.com")
    answer("stranger@example.com")
    known = answer("reader@example.com")
    unknown = answer("stranger@example.com")
    assert len(smtp_sink.messages) == 2
    assert b"No new email was sent to <strong>" in known[1]
    assert b"We sent" not in known[1]
    normalised = unknown[1].replace(b"stranger@example.com", b"reader@example.com")
    assert (known[0], known[1], known[2]) == (unknown[0], normalised, unknown[2])


def test_five_emails_per_address_per_hour_by_default(client, reader, smtp_sink):
    """The sixth request in an hour for one address sends nothing."""
    for _ in range(6):
        ask_for_link(Client(REMOTE_ADDR=f"10.0.0.{_}"), reader.email)
    assert len(smtp_sink.messages) == 5


def test_twenty_requests_per_ip_per_ten_minutes_by_default(smtp_sink):
    """From one IP, the 21st request (whatever the address) sends nothing."""
    for n in range(21):
        ask_for_link(Client(REMOTE_ADDR="203.0.113.9"), f"someone{n}@example.com")
    assert len(smtp_sink.messages) == 20
    ask_for_link(Client(REMOTE_ADDR="203.0.113.10"), "someone-else@example.com")
    assert len(smtp_sink.messages) == 21


def test_x_forwarded_for_cannot_dodge_the_ip_limit(smtp_sink, settings):
    """Without trusted proxies a forged X-Forwarded-For is ignored."""
    settings.ACCOUNTS_REQUESTS_PER_IP = (2, 600)
    for n in range(4):
        client = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        ask_for_link(client, f"a{n}@example.com")
    assert len(smtp_sink.messages) == 2


def test_a_trusted_proxy_count_keys_on_the_address_the_proxy_saw(smtp_sink, settings):
    """With one trusted proxy, the right-most X-Forwarded-For entry is the client;
    entries the client itself added to the left are ignored."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNTS_REQUESTS_PER_IP = (2, 600)
    for n in range(4):
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7")
        ask_for_link(client, f"b{n}@example.com")
    assert len(smtp_sink.messages) == 2
    other = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    ask_for_link(other, "c@example.com")
    assert len(smtp_sink.messages) == 3
