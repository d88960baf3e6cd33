import pytest
from django.test import Client

from tests import factories


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo content once per test database; each test then runs in a rolled-back transaction."""
    from masthead.demo.services import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches: a page cached by one test never answers another,
    nor rows a process keeps (sites, private pages) a test that rolled them back."""
    from django.core.cache import cache

    from masthead.core import kept

    cache.clear()
    kept.forget_all()


@pytest.fixture
def demo(db):
    from masthead.demo.services import SEED_SLUG
    from masthead.news.models import ArticlePage, HomePage

    return {
        "home": HomePage.objects.get(),
        "seed": ArticlePage.objects.get(slug=SEED_SLUG),
    }


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def editor(db):
    from masthead.accounts.models import Member

    return Member.objects.get(email="editor@masthead.localhost")


@pytest.fixture
def reporter(db):
    from masthead.accounts.models import Member

    return Member.objects.get(email="reporter@masthead.localhost")


@pytest.fixture
def make_article(db):
    return factories.make_article
