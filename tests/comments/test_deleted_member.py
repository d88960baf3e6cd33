"""A deleted member's words are never served again; the export holds what a member did;
a featured comment is on the page once."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from masthead.comments import services
from masthead.comments.models import Comment
from masthead.comments.services import purging

from .conftest import make_member

pytestmark = pytest.mark.django_db


class PurgeRecorder(BaseHTTPRequestHandler):
    """An edge cache as the app sees it: it takes PURGE requests (and keeps their addresses)."""

    received = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.received.append(f"{self.headers['Host']}{self.path}")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def edge(settings):
    """A real HTTP server on loopback standing for nginx's purge port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    PurgeRecorder.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "edge": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    settings.SITE_URL = "http://news.example"
    yield PurgeRecorder.received
    server.shutdown()
    server.server_close()


def fragment(client, article, query=""):
    return client.get(f"/comments/{article.pk}/fragment/{query}")


def delete_account(member):
    client = Client()
    client.force_login(member)
    return client.post("/account/delete/", {"confirm": "on"})


def test_a_deleted_members_comments_leave_the_cached_fragment_at_once(
    client, article, reader, other, django_capture_on_commit_callbacks
):
    """The anonymous fragment was kept by the app; the deletion drops it as it commits."""
    services.post_comment(other, article, "Words that stay.")
    mine = services.post_comment(reader, article, "Words-9f2 of a leaving member.")
    services.post_comment(reader, article, "A reply-9f2 of theirs.", parent=mine)
    assert "Words-9f2" in fragment(client, article).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert delete_account(reader).status_code == 303
    for query in ("", "?sort=oldest", "?sort=liked&page=1"):
        html = fragment(client, article, query).content.decode()
        assert "9f2" not in html
        assert "Words that stay." in html
    assert "9f2" not in client.get(f"/comments/{article.pk}/").content.decode()


def test_the_deletion_purges_every_shared_address_of_those_comments(
    article, reader, other, edge, django_capture_on_commit_callbacks
):
    services.post_comment(reader, article, "Purged-words.")
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(reader)
    base = f"news.example/comments/{article.pk}"
    for path in ("/fragment/", "/"):
        for query in ("", "?sort=newest", "?sort=oldest", "?sort=liked", "?sort=oldest&page=1"):
            assert f"{base}{path}{query}" in edge
    assert set(edge) == {
        address.removeprefix("http://")
        for address in purging.addresses(article.pk, purging.pages_of(article.pk))
    }


def test_a_rejected_comment_is_purged_at_the_edge_too(
    article, reader, editor, edge, django_capture_on_commit_callbacks
):
    comment = services.post_comment(reader, article, "Soon hidden.")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(comment, editor, reason="rude")
    assert f"news.example/comments/{article.pk}/fragment/" in edge


def test_only_the_addresses_a_purge_reaches_are_shared(client, article, reader):
    """Any other query string (another order, a page past the last) is answered privately:
    no shared cache keeps what no purge would reach."""
    services.post_comment(reader, article, "Anything.")
    for query in ("", "?sort=oldest", "?sort=newest&page=1"):
        assert "public" in fragment(client, article, query)["Cache-Control"]
    for query in ("?page=1&sort=oldest", "?sort=oldest&page=9", "?x=1", "?sort=newest&page="):
        assert "private" in fragment(client, article, query)["Cache-Control"], query


def test_likes_of_a_deleted_member_are_taken_back(article, reader, other):
    liked = services.post_comment(other, article, "Liked once.")
    services.toggle_like(reader, liked)
    delete_account(reader)
    liked.refresh_from_db()
    assert liked.like_count == 0


def test_the_export_holds_comments_likes_and_reports(article, reader, other):
    mine = services.post_comment(reader, article, "My own words.")
    theirs = services.post_comment(other, article, "Their words.")
    services.toggle_like(reader, theirs)
    services.report_comment(reader, theirs, "spam", "An advert")
    client = Client()
    client.force_login(reader)
    data = json.loads(client.get("/account/export.json").content)["comments"]
    assert [(c["id"], c["text"]) for c in data["comments"]] == [(mine.pk, "My own words.")]
    assert data["comments"][0]["article"] == article.title
    assert [like["comment"] for like in data["likes"]] == [theirs.pk]
    assert [(r["comment"], r["reason"], r["detail"]) for r in data["reports"]] == [
        (theirs.pk, "spam", "An advert")
    ]


def test_a_featured_comment_is_on_the_page_once(client, article, reader, other, editor):
    featured = services.post_comment(reader, article, "Featured-4b1 words.")
    services.post_comment(other, article, "A reply under it.", parent=featured)
    services.feature(featured, editor)
    html = fragment(client, article).content.decode()
    assert html.count("Featured-4b1 words.") == 1
    assert html.count(f'id="comment-{featured.pk}"') == 1
    assert "This comment is featured above." in html
    assert "A reply under it." in html
    assert f'href="#thread-{featured.pk}"' in html


def test_featured_reply_keeps_its_actions_for_members(article, reader, other, editor):
    featured = services.post_comment(reader, article, "Featured with actions.")
    services.feature(featured, editor)
    client = Client()
    client.force_login(make_member("third@example.com", name="Third"))
    html = fragment(client, article).content.decode()
    assert html.count("Featured with actions.") == 1
    assert f"/comments/comment/{featured.pk}/like/" in html
    assert Comment.objects.get(pk=featured.pk).featured
