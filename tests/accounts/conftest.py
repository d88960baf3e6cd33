import re

import pytest
from django.test import Client

from masthead.accounts.models import Member
from tests.oidc_provider import oidc_provider  # noqa: F401 - a fixture
from tests.smtp import smtp_sink  # noqa: F401 - a fixture

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Every test starts with empty counters (they live in the cache)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader(db):
    return Member.objects.create_user("reader@example.com", display_name="Reader One")


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def without_csrf(content):
    return CSRF_INPUT.sub(b'name="csrfmiddlewaretoken" value=""', content)


def ask_for_link(client, email, next_url=""):
    return client.post("/account/signin/", {"email": email, "next": next_url})
