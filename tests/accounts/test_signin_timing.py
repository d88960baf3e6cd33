"""The sign-in form does the same work for every kind of address: a stranger timing the
answer learns nothing about whether the address has an account, or a deactivated one.

Timings are reported, never asserted (a shared machine's timings are noise); what is
asserted is the work: one email built and handed to the SMTP server for each kind."""

import statistics
import time

import pytest

from masthead.accounts.models import Member
from tests.accounts.conftest import ask_for_link

pytestmark = pytest.mark.django_db

SAMPLES = 40  # enough for medians 5 ms apart to stand out of this machine's noise


def test_active_deactivated_and_unknown_addresses_cost_the_same_work(
    client, smtp_sink, settings, capsys
):
    settings.ACCOUNTS_EMAILS_PER_ADDRESS = (10_000, 3600)
    settings.ACCOUNTS_REQUESTS_PER_IP = (10_000, 600)
    Member.objects.create_user("active@example.com")
    Member.objects.create_user("closed@example.com", is_active=False)
    addresses = {
        "active": lambda n: "active@example.com",
        "deactivated": lambda n: "closed@example.com",
        "unknown": lambda n: f"nobody-{n}@example.com",
    }
    took = {kind: [] for kind in addresses}
    for n in range(SAMPLES):  # the kinds take turns, so the machine's moods reach all three
        for kind, address in addresses.items():
            started = time.perf_counter()
            response = ask_for_link(client, address(n))
            took[kind].append(time.perf_counter() - started)
            assert b"Check your email" in response.content
    smtp_sink.wait_for(3 * SAMPLES)
    sent_to = [message["To"] for message in smtp_sink.messages]
    for kind, address in addresses.items():  # one email per request, whatever the kind
        assert sum(to == address(0) for to in sent_to) == (1 if kind == "unknown" else SAMPLES)
    medians = {kind: statistics.median(times) * 1000 for kind, times in took.items()}
    with capsys.disabled():
        print(
            f"\nsign-in form, median of {SAMPLES}: "
            + ", ".join(f"{kind} {ms:.1f} ms" for kind, ms in medians.items())
        )
