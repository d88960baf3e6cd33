import pytest
from django.contrib.auth.models import AnonymousUser


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def member(db):
    from masthead.accounts.models import Member

    return Member.objects.create_user("searcher@example.com")


@pytest.fixture
def titles():
    """The headlines of a search, in order, for `reader`."""
    from masthead.search import services

    def run(query, reader=None, **filters):
        page = filters.pop("page", 1)
        outcome = services.search(
            reader or AnonymousUser(), query, services.Filters(**filters), page=page
        )
        return [result.article.title for result in outcome.results]

    return run
