"""One value says who may share a response (core.caching.Cacheability): the page cache reads
that value, never the headers again."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from masthead.core import caching, pagecache

pytestmark = pytest.mark.django_db


def through_the_page_cache(response):
    """A fresh address, asked twice by an anonymous reader through the page cache."""
    middleware = pagecache.PageCacheMiddleware(lambda request: response)
    request = RequestFactory().get("/cacheability-check/")
    first = middleware(request)
    second = pagecache.PageCacheMiddleware(lambda request: HttpResponse("rendered again"))(
        RequestFactory().get("/cacheability-check/")
    )
    return first, second


def test_a_page_marked_shared_is_kept_with_its_value():
    response = caching.mark(HttpResponse("every reader's"), caching.Cacheability(shared=True))
    assert "public" in response["Cache-Control"]
    first, second = through_the_page_cache(response)
    assert first["X-Page-Cache"] == "MISS" and second["X-Page-Cache"] == "HIT"
    assert second.content == b"every reader's" and caching.of(second).shared


def test_headers_alone_do_not_make_a_page_shared():
    """A response that says `public` without the value is nobody's to keep: the decision is
    taken once, where the page is served, not read back from its headers."""
    response = HttpResponse("headers only")
    response["Cache-Control"] = "public, s-maxage=300"
    first, second = through_the_page_cache(response)
    assert "X-Page-Cache" not in first and second.content == b"rendered again"


def test_a_members_page_is_private_and_not_shared():
    value = caching.Cacheability(shared=False, members_share=True)
    response = caching.mark(HttpResponse("members'"), value)
    assert "private" in response["Cache-Control"]
    assert caching.of(response) == value
