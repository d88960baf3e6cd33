"""Uploads: images are checked before they are decoded, and nothing uploaded runs as a page."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Collection

from masthead.news.models import NewsImage

pytestmark = pytest.mark.django_db

SCRIPT = b"<html><body><script>alert(document.domain)</script></body></html>"


def picture(fmt="JPEG", size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 140, 160)).save(buffer, fmt)
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims a huge size: decoding it in full would cost gigabytes."""
    data = picture("PNG", (8, 8))
    ihdr = data[16:29]
    ihdr = struct.pack(">II", width, height) + ihdr[8:]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return data[:16] + ihdr + crc + data[33:]


@pytest.fixture
def upload(client, editor):
    client.force_login(editor)
    root = Collection.get_first_root_node()

    def post(name, content):
        return client.post(
            "/admin/images/add/",
            {
                "title": f"Upload {name}",
                "file": SimpleUploadedFile(name, content),
                "credit": "Agency/Photographer",
                "caption": "A caption.",
                "collection": root.pk,
            },
        )

    return post


def refused(response, message):
    page = response.content.decode()
    assert response.status_code == 200 and message in page, page[-3000:]
    return True


def test_a_real_photo_is_accepted_and_served_as_an_image_in_a_sandbox(upload, client):
    response = upload("photo.jpg", picture())
    assert response.status_code == 302
    image = NewsImage.objects.get(title="Upload photo.jpg")
    served = client.get(image.file.url)
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]


def test_an_image_with_too_many_pixels_is_refused_from_its_header(upload):
    """10,000 x 10,000 pixels: refused from the header, before any decoding."""
    assert refused(upload("huge.png", png_claiming(10_000, 10_000)), "too many pixels")
    assert not NewsImage.objects.filter(title="Upload huge.png").exists()


def test_a_file_over_the_size_limit_is_refused(upload, settings):
    padding = b"\0" * (settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 1)
    assert refused(upload("big.jpg", picture() + padding), "This file is too big")


def test_an_svg_with_script_is_refused(upload):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert refused(upload("logo.svg", svg), "Not a supported image format")


def test_a_gif_that_is_also_a_web_page_is_refused(upload):
    polyglot = picture("GIF") + SCRIPT
    Image.open(io.BytesIO(polyglot)).verify()  # a valid GIF to an image library
    assert refused(upload("funny.gif", polyglot), "holds web-page markup")


def test_a_file_whose_extension_lies_is_refused(upload):
    assert refused(upload("photo.jpg", picture("PNG")), "does not match the file format")


def test_an_uploaded_document_never_opens_as_a_page(client, editor):
    """A text document full of markup downloads as text, never sniffed into a page; an HTML
    document is refused."""
    client.force_login(editor)
    root = Collection.get_first_root_node()
    response = client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile("notes.txt", SCRIPT),
            "title": "notes",
            "collection": root.pk,
        },
    )
    assert response.status_code == 200
    from wagtail.documents.models import Document

    document = Document.objects.get(title="notes")
    served = client.get(document.url)
    assert served["Content-Type"].startswith("text/plain")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("attachment")
    refused_html = client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile("page.html", SCRIPT),
            "title": "page",
            "collection": root.pk,
        },
    )
    assert not Document.objects.filter(title="page").exists(), refused_html.content[:500]
