"""Photos fetched from the old site: one request at a time, kept for the next run, and a
missing one tried again."""

import functools
import http.server
import threading

import pytest
from django.core.management import call_command

from masthead.wordpress.models import ImportedItem, MissingPhoto

from .exports import attachment, export, post, write_media

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_site(tmp_path):
    """The old site's uploads folder over HTTP, counting the requests it answers."""
    folder = write_media(tmp_path / "uploads", ["2024/03/talks.jpg"])
    asked = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            super().do_GET()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()


def test_photos_come_from_the_old_site_once(demo, tmp_path, capsys, old_site, settings):
    base, asked = old_site
    settings.DATA_DIR = tmp_path / "data"  # the photos kept by another run are not this one's
    path = tmp_path / "export.xml"
    path.write_text(
        export(
            attachment(21, 5, "2024/03/talks.jpg", "Talks (Amos Ben-Gershom/GPO)"),
            attachment(22, 5, "2024/03/gone.jpg", "Gone"),
            post(5, "talks", "Talks", "Words."),
        )
    )
    call_command("import", "wordpress", str(path), "--media-from", base)
    out = capsys.readouterr().out

    talks = ImportedItem.objects.get(kind="attachment", wp_id=21).image
    assert (talks.width, talks.credit) == (640, "Amos Ben-Gershom/GPO")
    assert not MissingPhoto.objects.filter(wp_id=21).exists()
    assert "answered 404" in MissingPhoto.objects.get(wp_id=22).reason
    assert "#22" in out
    assert sorted(asked) == ["/2024/03/gone.jpg", "/2024/03/talks.jpg"]

    # Again: the photo it has is not asked for twice; the missing one is tried again.
    call_command("import", "wordpress", str(path), "--media-from", base)
    assert sorted(asked) == ["/2024/03/gone.jpg", "/2024/03/gone.jpg", "/2024/03/talks.jpg"]
