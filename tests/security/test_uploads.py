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


def stored_bytes(title):
    image = NewsImage.objects.get(title=title)
    with image.file.open("rb") as stored:
        return image, stored.read()


@pytest.mark.parametrize(
    "payload",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"></svg>',
        b'<img src=x onerror="alert(document.domain)">',
        b'<meta http-equiv="refresh" content="0;url=https://attacker.example/">',
    ],
    ids=["svg-onload", "img-onerror", "meta-refresh"],
)
def test_a_polyglot_is_stored_as_its_picture_alone(upload, payload):
    """A GIF with markup after it the markup check does not know is still a GIF: it is
    stored decoded and encoded again, so the markup never reaches storage (or nginx, or the
    object store, which serve it without the app's headers)."""
    polyglot = picture("GIF") + payload
    assert upload("tricky.gif", polyglot).status_code == 302
    image, stored = stored_bytes("Upload tricky.gif")
    assert payload not in stored and b"alert" not in stored and b"http-equiv" not in stored
    assert Image.open(io.BytesIO(stored)).size == (64, 48) and stored.startswith(b"GIF")


def test_metadata_goes_and_the_photo_stays_upright_in_its_colours(upload):
    """A photo's comments, EXIF and XMP are gone after upload; its EXIF orientation is
    applied first, so a portrait taken sideways is stored upright."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif[0x9286] = b"ASCII\0\0\0<svg onload=alert(1)>"  # a UserComment with markup
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(
        buffer, "JPEG", exif=exif, comment=b"<svg onload=alert(2)>"
    )
    assert upload("sideways.jpg", buffer.getvalue()).status_code == 302
    _, stored = stored_bytes("Upload sideways.jpg")
    assert b"onload" not in stored
    stored_image = Image.open(io.BytesIO(stored))
    assert stored_image.size == (48, 64)
    assert not stored_image.getexif() and "comment" not in stored_image.info
    red, green, blue = stored_image.convert("RGB").getpixel((24, 32))
    assert red > 150 and green < 80 and blue < 80


def test_the_credit_and_caption_a_photo_carries_are_offered_by_the_form(client, editor):
    """An agency's photo carries its credit and caption (XMP): uploaded with the form's credit
    and caption left blank, it takes them from the file before the metadata is stripped."""
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/" photoshop:Credit="Reuters/Jane Doe">'
        b'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Envoys meet in Moscow'
        b"</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 90, 90)).save(buffer, "JPEG", xmp=xmp)
    client.force_login(editor)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Agency photo",
            "file": SimpleUploadedFile("agency.jpg", buffer.getvalue()),
            "credit": "",
            "caption": "",
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    image, stored = stored_bytes("Agency photo")
    assert (image.credit, image.caption) == ("Reuters/Jane Doe", "Envoys meet in Moscow")
    assert b"Reuters" not in stored


def test_without_a_credit_anywhere_the_photo_is_refused(upload, client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "No credit",
            "file": SimpleUploadedFile("plain.jpg", picture()),
            "credit": "",
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert refused(response, "Add the credit")
    assert not NewsImage.objects.filter(title="No credit").exists()


def test_an_animated_gif_keeps_its_frames(upload):
    colours = ((200, 0, 0), (0, 200, 0), (0, 0, 200))
    frames = [Image.new("RGB", (32, 32), colour).convert("P") for colour in colours]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert upload("spinner.gif", buffer.getvalue()).status_code == 302
    _, stored = stored_bytes("Upload spinner.gif")
    assert Image.open(io.BytesIO(buffer.getvalue())).n_frames == 3
    assert Image.open(io.BytesIO(stored)).n_frames == 3
