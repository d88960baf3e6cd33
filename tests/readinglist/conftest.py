import pytest
from django.test import Client

from masthead.accounts.models import Member
from tests import factories


@pytest.fixture
def story(db):
    return factories.make_article(title="A story worth keeping")


@pytest.fixture
def member(db):
    return Member.objects.create_user("keeper@example.com")


@pytest.fixture
def signed_in(member):
    client = Client()
    client.force_login(member)
    return client
