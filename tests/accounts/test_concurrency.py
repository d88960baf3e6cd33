"""Two clicks on one link at the same moment make one session (PostgreSQL row locks).

The racing requests run in threads, each on its own database connection in autocommit,
so they really contend for the row lock. The test's own transaction (the ``db`` fixture)
stays out of the way; a ``transaction=True`` test would flush every table afterwards,
wiping the demo content the rest of the session shares, so the rows made here are made
and removed by the threads themselves.
"""

import os
import threading

import pytest
from django.db import connection
from django.test import Client

from masthead.accounts import undo
from masthead.accounts.models import Member, SignInToken
from masthead.accounts.tokens import tokens

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("MASTHEAD_TEST_DATABASE_URL", "").startswith("postgres"),
        reason="row-lock races need PostgreSQL; SQLite serialises every writer",
    ),
    pytest.mark.django_db,
]


def in_own_connection(function, *args):
    """Run ``function`` in a fresh thread, hence on its own autocommitted connection."""
    result = []

    def run():
        try:
            result.append(function(*args))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0] if result else None


def race(count, function):
    barrier = threading.Barrier(count)
    results = []

    def run():
        barrier.wait()
        try:
            results.append(function())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def committed_member():
    email = "race@example.com"
    in_own_connection(lambda: Member.objects.create_user(email).pk)
    yield email
    in_own_connection(lambda: SignInToken.objects.filter(email=email).delete())
    in_own_connection(lambda: Member.objects.filter(email=email).delete())


def test_concurrent_redemptions_of_a_link_make_one_session(committed_member):
    """Eight browsers POST the same link at once: exactly one is signed in."""
    issued = in_own_connection(lambda: tokens.issue(email=committed_member, purpose="sign_in"))
    path = f"/account/link/{issued.raw_token}/"

    def click():
        client = Client()
        response = client.post(path)
        return response.status_code, "_auth_user_id" in client.session

    assert sorted(race(8, click)) == [(200, False)] * 7 + [(303, True)]


def test_concurrent_codes_make_one_session(committed_member):
    """The code, submitted four times at once, spends the token once."""
    issued = in_own_connection(lambda: tokens.issue(email=committed_member, purpose="sign_in"))
    outcomes = race(4, lambda: tokens.redeem_code(issued.token.pk, issued.code).status)
    assert sorted(outcomes) == ["ok", "used", "used", "used"]


def test_concurrent_uses_of_an_undo_link_restore_the_address_once(committed_member):
    """Four clicks at once on the old address's undo link: one restores it, the others are
    told it was used."""

    def changed():
        member = Member.objects.get(email=committed_member)
        member.email = "race-taker@example.com"
        member.save(update_fields=["email"])
        return undo.issue(member, old_email=committed_member, new_email=member.email)

    raw = in_own_connection(changed)
    outcomes = race(4, lambda: undo.redeem(raw).status)
    assert sorted(outcomes) == ["ok", "used", "used", "used"]
    restored = in_own_connection(
        lambda: list(
            Member.objects.filter(email=committed_member).values_list("session_generation")
        )
    )
    assert restored == [(1,)]
