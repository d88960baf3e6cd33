from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from masthead.accounts.models import Member
from tests import factories
from tests.smtp import smtp_sink  # noqa: F401 - a fixture


@pytest.fixture
def article(demo):
    """A freshly published, gated story: its discussion is open."""
    return factories.make_article(
        title="Comments test story",
        paragraphs=["Lead one.", "Lead two.", "Lead three.", "Gated-7c1e sentence."],
    )


def make_member(email, *, name="", days_old=30, **fields):
    return Member.objects.create_user(
        email,
        display_name=name,
        date_joined=timezone.now() - timedelta(days=days_old),
        **fields,
    )


@pytest.fixture
def reader(db):
    return make_member("reader@example.com", name="Reader One")


@pytest.fixture
def other(db):
    return make_member("other@example.com", name="Other Reader")


@pytest.fixture
def signed_in(reader):
    client = Client()
    client.force_login(reader)
    return client


@pytest.fixture
def moderator(editor):
    """The demo editor: staff, in Wagtail's Moderators group, which moderates comments."""
    client = Client()
    client.force_login(editor)
    return client
