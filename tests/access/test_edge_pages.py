"""Anonymous pages written as files for nginx: exactly the anonymous page, nothing a member
reads, gone when purged or past their freshness, served with the app's own headers."""

import dataclasses
import io
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from masthead.accounts.models import Member
from masthead.core import caching, edgepages, pagecache
from masthead.core.pagecache import PageCacheApplication
from tests import factories

pytestmark = pytest.mark.django_db

CANARY = "Canary-e7d1 members only."
CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "masthead.conf"


@pytest.fixture(autouse=True)
def edge_dir(settings, tmp_path, monkeypatch):
    cache.clear()
    settings.EDGE_PAGES_DIR = str(tmp_path / "edge-pages")
    return tmp_path / "edge-pages"


@pytest.fixture
def gated(demo):
    return factories.make_article(paragraphs=["One.", "Two.", "Three.", CANARY])


def file_of(edge_dir, url, host="testserver"):
    return edge_dir / "http" / host / url.lstrip("/") / "index.html"


def written(edge_dir):
    return sorted(p for p in edge_dir.rglob("*") if p.is_file()) if edge_dir.exists() else []


def wsgi_environ(path, cookie="", query=""):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_COOKIE": cookie,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }


def wsgi_get(path, cookie="", query=""):
    """A request through the WSGI application as granian calls it (without closing the test's
    database connection at its end, as Django's test client does not either)."""
    environ = wsgi_environ(path, cookie, query)
    status = {}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = PageCacheApplication(WSGIHandler())(
            environ, lambda s, headers: status.update(line=s, headers=dict(headers))
        )
        return status, b"".join(body)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_an_anonymous_page_is_written_as_it_was_served_without_the_gated_text(
    client, gated, edge_dir
):
    response = client.get(gated.url)
    assert response["X-Page-Cache"] == "MISS"
    page = file_of(edge_dir, gated.url)
    assert page.read_bytes() == response.content
    assert CANARY not in page.read_text() and "Register for free" in page.read_text()
    assert oct(page.stat().st_mode & 0o777) == "0o644"  # nginx's workers can read it
    assert written(edge_dir) == [page]  # no temporary file left beside it


def test_a_members_pages_are_never_written(client, gated, edge_dir):
    client.force_login(Member.objects.create_user("edge@example.com"))
    first, second = client.get(gated.url), client.get(gated.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("MEMBER-MISS", "MEMBER-HIT")
    assert CANARY in second.content.decode()
    assert written(edge_dir) == []


def test_the_app_writes_a_missing_file_again_when_it_serves_the_page_from_its_cache(
    client, gated, edge_dir, clock
):
    # The app's copy is rendered 200 s before the reader below asks for it: its file must
    # not live longer than the copy (a file written now would be 200 s younger).
    clock.advance(-200)
    rendered_at = clock.now().timestamp()
    client.get(gated.url)
    page = file_of(edge_dir, gated.url)
    page.unlink()  # purged at the edge, still fresh in the app
    clock.advance(200)
    status, body = wsgi_get(gated.url)
    assert status["headers"]["X-Page-Cache"] == "HIT"
    assert page.read_bytes() == body
    assert page.stat().st_mtime == pytest.approx(rendered_at, abs=1)
    page.unlink()
    status, _ = wsgi_get(gated.url, cookie="sessionid=someone")
    assert "X-Page-Cache" not in status["headers"] and not page.exists()


def test_pages_with_a_query_string_are_not_written(client, gated, edge_dir):
    # A query string a page reads (search, pagination) is always the app's.
    assert client.get("/search/?q=Netanyahu")["X-Page-Cache"] == "MISS"
    assert client.get(gated.url + "?page=2")["X-Page-Cache"] == "MISS"
    assert written(edge_dir) == []


def test_parameters_no_page_reads_are_the_same_page_to_the_cache_and_its_file(
    client, gated, edge_dir
):
    """A shared link's ?utm_source=, fbclid or gclid, or a fresh ?x= per request from a script
    busting caches, never changes the page: each is answered from the page cache, and is the
    page whose file nginx sends, instead of each one rendering the story again."""
    status, first = wsgi_get(gated.url, query="utm_source=newsletter&utm_medium=email")
    assert status["headers"]["X-Page-Cache"] == "MISS"
    assert file_of(edge_dir, gated.url).read_bytes() == first
    for query in (
        "utm_source=x1",
        "fbclid=IwAR0abc",
        "gclid=Cj0&utm_campaign=spring",
        "x=81724-1",
        "ref=mail&pa%67e=2&Page=3&page",  # names as sent: none of them is `page=`
        "",
    ):
        status, body = wsgi_get(gated.url, query=query)
        assert status["headers"]["X-Page-Cache"] == "HIT", query
        assert body == first
    # A parameter some page reads, which the story does not: still the story's copy.
    for query in ("page=2", "page=81724-2&q=x"):
        status, body = wsgi_get(gated.url, query=query)
        assert status["headers"]["X-Page-Cache"] == "HIT", query
        assert body == first


def test_a_parameter_the_page_reads_gives_a_copy_of_its_own(settings, gated, edge_dir):
    """A section lists its stories page by page: `?page=2` is a page of its own, kept without
    the campaign's tags; the section's first page is not answered for it."""
    settings.ARTICLES_PER_PAGE = 1
    factories.make_article(section_slug=gated.get_parent().slug)
    section = gated.get_parent().url
    status, first_page = wsgi_get(section)
    assert status["headers"]["X-Page-Cache"] == "MISS"
    status, second_page = wsgi_get(section, query="page=2&utm_source=x2")
    assert status["headers"]["X-Page-Cache"] == "MISS" and second_page != first_page
    status, body = wsgi_get(section, query="page=2")
    assert status["headers"]["X-Page-Cache"] == "HIT" and body == second_page


@pytest.mark.parametrize(
    "header, value",
    [
        ("Content-Type", "application/rss+xml; charset=utf-8"),  # nginx would call it HTML
        ("Content-Security-Policy", "script-src 'self' 'nonce-abc'"),  # the nonce is per page
        ("Link", "</x>; rel=preload"),  # a header nginx would drop
    ],
)
def test_a_page_nginx_would_serve_differently_gets_no_file(client, gated, header, value):
    response = client.get(gated.url)
    headers, cacheability = dict(response.items()), caching.of(response)
    assert edgepages.may_serve(headers.items(), cacheability)
    assert not edgepages.may_serve({**headers, header: value}.items(), cacheability)


@pytest.mark.parametrize(
    "change",
    [
        {"shared_seconds": 30},  # fresher than the edge keeps it
        {"shared_seconds": 3000},  # staler
        {"shared": False},  # not every reader's
    ],
    ids=str,
)
def test_a_page_kept_for_another_time_or_by_nobody_gets_no_file(client, gated, change):
    response = client.get(gated.url)
    assert edgepages.may_serve(response.items(), caching.of(response))
    cacheability = dataclasses.replace(caching.of(response), **change)
    assert not edgepages.may_serve(response.items(), cacheability)


@pytest.mark.parametrize(
    "scheme, host, path",
    [
        ("http", "../etc", "/a/"),
        ("http", "example.com", "/../etc/"),
        ("http", "example.com", "/a/./"),
        ("http", "example.com", "/.hidden/"),
        ("http", "example.com", "/a%2F/"),
        ("http", "example.com", "/no-slash"),
        ("http", "", "/a/"),
        ("ftp", "example.com", "/a/"),
    ],
)
def test_addresses_a_file_could_escape_or_mistake_get_no_file(scheme, host, path):
    assert edgepages.file_for(scheme, host, path) is None


def test_an_address_maps_to_the_file_nginx_looks_for(edge_dir):
    found = edgepages.file_for("https", "News.Example.COM:8443", "/world/a-story_2/")
    assert found == edge_dir / "https" / "news.example.com" / "world" / "a-story_2" / "index.html"


def test_a_hebrew_slug_gets_its_file_where_nginx_looks_and_a_purge_finds_it(client, demo, edge_dir):
    """nginx decodes `%D7%97…` into the slug's UTF-8 bytes and looks for a file of that name;
    the app writes it from a render and from its cache (WSGI hands the path over as latin-1
    characters); Wagtail purges the page by its address, as text or percent-encoded."""
    article = factories.make_article()
    article.slug = "חדשות-היום"
    article.save_revision().publish()
    article.refresh_from_db()
    response = client.get(article.url)
    assert response.status_code == 200
    expected = edge_dir / "http" / "testserver" / "world" / "חדשות-היום" / "index.html"
    assert expected.read_bytes() == response.content
    backend = edgepages.PageFilesBackend({})
    backend.purge("http://testserver/world/חדשות-היום/")
    assert not expected.exists()
    status, body = wsgi_get(unquote(article.url).encode().decode("latin-1"))
    assert status["headers"]["X-Page-Cache"] == "HIT"  # the same page, from the fast path
    assert expected.read_bytes() == body
    backend.purge("http://testserver" + article.url)  # percent-encoded
    assert not expected.exists()


def test_a_purge_deletes_the_address_under_every_scheme_and_host(edge_dir):
    for scheme, host in (("http", "a.example"), ("https", "b.example")):
        edgepages.write(edgepages.file_for(scheme, host, "/world/story/"), b"old")
    kept = edgepages.file_for("http", "a.example", "/world/")
    edgepages.write(kept, b"section")
    edgepages.PageFilesBackend({}).purge("https://b.example/world/story/")
    assert written(edge_dir) == [kept]


def test_nginx_repeats_the_headers_the_app_gives_an_anonymous_page(client, gated):
    """The shipped config's add_header lines for files are the app's own headers: a change to
    either (the policy, freshness, a new header) fails here until both agree."""
    block = CONFIG.read_text().split("location / {", 1)[1].split("}", 1)[0]
    added = {
        name.lower(): value
        for name, value in re.findall(r'add_header ([\w-]+) "([^"]*)";', block)
        if name != "X-Edge-Cache"
    }
    response = client.get(gated.url)
    served = {
        name.lower(): value
        for name, value in response.items()
        if name.lower() not in edgepages.PER_RESPONSE | {"content-type"}
    }
    assert added == served
    assert response["Content-Type"] == "text/html; charset=utf-8"  # nginx: `charset utf-8`


def test_a_page_made_private_loses_its_file(
    client, demo, edge_dir, settings, django_capture_on_commit_callbacks
):
    """Wagtail purges what is published or unpublished; a page whose privacy changes is
    purged by Masthead, or its file would keep showing the lead-in to anonymous readers."""
    from wagtail.models import PageViewRestriction

    settings.WAGTAILFRONTENDCACHE = {
        "edge-pages": {"BACKEND": "masthead.core.edgepages.PageFilesBackend"}
    }
    article = factories.make_article(title="Soon for subscribers only")
    client.get(article.url)
    page = file_of(edge_dir, article.url)
    assert page.exists()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert not page.exists()


def test_a_folder_nginx_cannot_get_costs_a_warning_not_the_page(
    client, gated, settings, tmp_path, caplog
):
    """A file where the folder should be (or a full disk): the reader still gets the page,
    the operator one warning (not one per request), and `masthead check` names the setting."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    settings.EDGE_PAGES_DIR = str(blocked / "edge-pages")
    from masthead.core.checks import check_edge_pages_dir

    assert [e.id for e in check_edge_pages_dir(None)] == ["masthead_core.E001"]
    first, second = client.get(gated.url), client.get("/")
    assert first.status_code == second.status_code == 200
    assert "Register for free" in first.content.decode()
    warnings = [r for r in caplog.records if "could not write the edge file" in r.getMessage()]
    assert len(warnings) == 1


def test_the_check_accepts_a_folder_yet_to_be_made(edge_dir):
    from masthead.core.checks import check_edge_pages_dir

    assert check_edge_pages_dir(None) == []


def test_a_miss_asks_the_cache_for_its_page_once(gated, monkeypatch):
    """The WSGI short-circuit hands what it found to the middleware, which renders from it
    instead of asking the cache again."""
    cache = pagecache._cache()
    asked = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: asked.append(keys) or get_many(keys))
    status, _ = wsgi_get(gated.url)
    assert status["headers"]["X-Page-Cache"] == "MISS"
    page_key = pagecache.key_for(wsgi_environ(gated.url))
    assert sum(page_key in keys for keys in asked) == 1
