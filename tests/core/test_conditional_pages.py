"""A page served from the page cache with an ETag is answered `304 Not Modified`, without its
body, when the reader's If-None-Match names it: through the middleware, through the WSGI
short-circuit, for the members' copy and right after a render. A page without an ETag is
served in full, as before."""

import io

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from masthead import urls as project_urls
from masthead.accounts.models import Member
from masthead.core.caching import add_page_cache_headers
from masthead.core.pagecache import PageCacheApplication
from masthead.live import services as live_services
from masthead.live.models import LiveBlogPage
from tests import factories

# The test's own view beside the project's addresses (it has none with an ETag yet).
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

BODY = b'{"updates": ["Minute 42: a goal."]}'
TAGS = {"strong": '"v1"', "weak": 'W/"v1"', "untagged": None}


def updates(request, kind):
    """A live blog's small updates resource, as a poll reads it: shareable, with an ETag."""
    response = HttpResponse(BODY, content_type="application/json")
    if TAGS[kind]:
        response["ETag"] = TAGS[kind]
    return add_page_cache_headers(request, response)


urlpatterns = [path("updates/<str:kind>/", updates), *project_urls.urlpatterns]
handler404, handler500 = project_urls.handler404, project_urls.handler500


def short_circuit(url, if_none_match=None):
    """Ask the WSGI short-circuit alone, as granian would: Django behind it is never reached,
    so the answer is the cached page's. (status line, headers, body)."""

    def django(environ, start_response):
        raise AssertionError(f"{url} was not answered by the short-circuit")

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": url,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    if if_none_match is not None:
        environ["HTTP_IF_NONE_MATCH"] = if_none_match
    answer = {}
    body = PageCacheApplication(django)(
        environ, lambda status, headers: answer.update(status=status, headers=dict(headers))
    )
    return answer["status"], answer["headers"], b"".join(body)


def cached(client, url):
    """Store the page (a first anonymous reader) and return that reader's full response."""
    first = client.get(url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "MISS"
    return first


def test_a_reader_naming_the_etag_gets_a_304_from_the_cache(client):
    first = cached(client, "/updates/strong/")
    second = client.get("/updates/strong/", HTTP_IF_NONE_MATCH='"v1"')
    assert second.status_code == 304 and second.content == b""
    assert second["X-Page-Cache"] == "HIT" and second["X-Request-ID"]
    for header in ("ETag", "Cache-Control", "Vary"):
        assert second[header] == first[header], header
    assert "public" in second["Cache-Control"] and "Content-Type" not in second


def test_the_wsgi_short_circuit_answers_a_304_for_a_fresh_page(client):
    first = cached(client, "/updates/strong/")
    status, headers, body = short_circuit("/updates/strong/", if_none_match='"v1"')
    assert status == "304 Not Modified" and body == b""
    assert headers["X-Page-Cache"] == "HIT" and headers["X-Request-ID"]
    for header in ("ETag", "Cache-Control", "Vary"):
        assert headers[header] == first[header], header
    assert "Content-Type" not in headers and "Content-Length" not in headers


@pytest.mark.parametrize("if_none_match", ['"v0"', 'W/"v0"', '"v1-old", "v2"'])
def test_another_tag_gets_the_whole_page_and_the_current_one_a_304(client, if_none_match):
    cached(client, "/updates/strong/")
    through_django = client.get("/updates/strong/", HTTP_IF_NONE_MATCH=if_none_match)
    assert (through_django.status_code, through_django.content) == (200, BODY)
    assert short_circuit("/updates/strong/", if_none_match)[::2] == ("200 OK", BODY)
    assert client.get("/updates/strong/", HTTP_IF_NONE_MATCH='"v1"').status_code == 304
    assert short_circuit("/updates/strong/", '"v1"')[0] == "304 Not Modified"


@pytest.mark.parametrize(
    "kind, if_none_match",
    [("strong", 'W/"v1"'), ("weak", '"v1"'), ("weak", 'W/"v1"'), ("strong", '"v0", W/"v1"')],
)
def test_the_comparison_is_weak_and_reads_a_list(client, kind, if_none_match):
    url = f"/updates/{kind}/"
    cached(client, url)
    assert client.get(url, HTTP_IF_NONE_MATCH=if_none_match).status_code == 304
    assert short_circuit(url, if_none_match)[0] == "304 Not Modified"


@pytest.mark.parametrize("if_none_match", ['"v1"', "*"])
def test_a_page_without_an_etag_is_never_a_304(client, if_none_match):
    for url in ("/updates/untagged/", "/updates/strong/"):
        cached(client, url)
    untagged = client.get("/updates/untagged/", HTTP_IF_NONE_MATCH=if_none_match)
    assert (untagged.status_code, untagged.content, untagged["X-Page-Cache"]) == (200, BODY, "HIT")
    assert short_circuit("/updates/untagged/", if_none_match)[::2] == ("200 OK", BODY)
    # The same request for the page with an ETag is a 304: only the ETag makes the difference.
    assert client.get("/updates/strong/", HTTP_IF_NONE_MATCH=if_none_match).status_code == 304
    assert short_circuit("/updates/strong/", if_none_match)[0] == "304 Not Modified"


def test_a_fresh_render_is_stored_in_full_and_answered_with_a_304(client):
    rendered = client.get("/updates/strong/", HTTP_IF_NONE_MATCH='"v1"')
    assert rendered.status_code == 304 and rendered.content == b""
    assert rendered["X-Page-Cache"] == "MISS" and rendered["ETag"] == '"v1"'
    assert rendered["X-Request-ID"] and "public" in rendered["Cache-Control"]
    # The next reader, without a copy of its own, gets the whole page from the cache.
    assert short_circuit("/updates/strong/")[::2] == ("200 OK", BODY)
    later = Client().get("/updates/strong/")
    assert (later.status_code, later.content, later["X-Page-Cache"]) == (200, BODY, "HIT")


@pytest.fixture
def tagged_stories(demo):
    """A page served with an ETag through the wall and the members' copy: a live page's
    updates, which open pages poll."""
    page = factories.make_article(model=LiveBlogPage, title="Followed live", access_level="free")
    live_services.post_entry(page, body=[("paragraph", "<p>First entry.</p>")])
    return page


def member():
    client = Client()
    client.force_login(Member.objects.create_user(f"poll-{Member.objects.count()}@example.com"))
    return client


def test_the_members_copy_answers_a_304_too(tagged_stories):
    url = tagged_stories.updates_url
    first = member().get(url)
    etag = first["ETag"]
    assert first["X-Page-Cache"] == "MEMBER-MISS" and etag.startswith('"')
    second = member().get(url, HTTP_IF_NONE_MATCH=f"W/{etag}")
    assert second.status_code == 304 and second.content == b""
    assert second["X-Page-Cache"] == "MEMBER-HIT" and second["X-Request-ID"]
    assert second["ETag"] == etag and second["Vary"] == first["Vary"]
    assert (
        "private" in second["Cache-Control"] and second["Cache-Control"] == first["Cache-Control"]
    )
    assert member().get(url, HTTP_IF_NONE_MATCH='"story-0"').content == first.content
