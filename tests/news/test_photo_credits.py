"""Photos are credited where they come in: the image forms, the multiple upload, the
article's photo chooser, and the picture desk's report of photos still without a credit."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from masthead.news.models import NewsImage
from tests.factories import make_photo

pytestmark = pytest.mark.django_db

CREDIT_MESSAGE = "Add the credit"


def jpeg(name="harbour.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (20, 90, 160)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def modal_json(response):
    assert response.status_code == 200, response.content[:500]
    return json.loads(response.content)


def test_image_form_asks_for_caption_and_credit(desk):
    """The Add an image form shows a caption and a required credit field."""
    html = desk.get(reverse("wagtailimages:add")).content.decode()
    assert 'name="caption"' in html
    assert re.search(r'<input[^>]*name="credit"[^>]*required', html)


def test_image_form_refuses_a_photo_without_a_credit(desk):
    """Uploading through the image form without a credit is refused with a clear message;
    with one, the photo is stored with its caption and credit."""
    before = NewsImage.objects.count()
    refused = desk.post(
        reverse("wagtailimages:add"),
        {"title": "Harbour", "file": jpeg(), "caption": "The harbour at dawn.", "credit": "  "},
    )
    assert refused.status_code == 200
    assert CREDIT_MESSAGE in refused.content.decode()
    assert NewsImage.objects.count() == before

    desk.post(
        reverse("wagtailimages:add"),
        {
            "title": "Harbour",
            "file": jpeg(),
            "caption": "The harbour at dawn.",
            "credit": "Ann Lee/AP",
        },
    )
    photo = NewsImage.objects.get(title="Harbour")
    assert (photo.caption, photo.credit) == ("The harbour at dawn.", "Ann Lee/AP")


def test_editing_a_photo_cannot_remove_its_credit(desk):
    """The image edit form keeps the credit required."""
    photo = make_photo(credit="Ann Lee/AP")
    response = desk.post(
        reverse("wagtailimages:edit", args=(photo.pk,)),
        {
            "title": photo.title,
            "caption": photo.caption,
            "credit": "",
            "collection": photo.collection_id,
        },
    )
    assert CREDIT_MESSAGE in response.content.decode()
    photo.refresh_from_db()
    assert photo.credit == "Ann Lee/AP"


def test_multiple_upload_keeps_a_photo_without_a_credit_out_until_credited(desk):
    """A photo dropped on the multiple uploader does not become a photo until its credit is
    given: without one its form comes back with the message, with one the photo is made."""
    before = NewsImage.objects.count()
    uploaded = json.loads(
        desk.post(reverse("wagtailimages:add_multiple"), {"files[]": jpeg("quay.jpg")}).content
    )
    assert uploaded["success"] and "uploaded_file_id" in uploaded
    assert 'name="uploaded-image-' in uploaded["form"] and "-credit" in uploaded["form"]
    assert NewsImage.objects.count() == before

    upload_id = uploaded["uploaded_file_id"]
    url = reverse("wagtailimages:create_multiple_from_uploaded_image", args=(upload_id,))
    prefix = f"uploaded-image-{upload_id}"
    fields = {f"{prefix}-title": "Quay", f"{prefix}-caption": "Cranes on the quay."}
    refused = json.loads(desk.post(url, {**fields, f"{prefix}-credit": ""}).content)
    assert refused["success"] is False and CREDIT_MESSAGE in refused["form"]
    assert NewsImage.objects.count() == before

    made = json.loads(desk.post(url, {**fields, f"{prefix}-credit": "Dan Roe/Reuters"}).content)
    assert made["success"] is True
    photo = NewsImage.objects.get(pk=made["image_id"])
    assert (photo.credit, photo.caption) == ("Dan Roe/Reuters", "Cranes on the quay.")


def test_article_form_opens_the_photo_chooser(desk, demo):
    """The article form's photo fields open the photo chooser, not Wagtail's plain one."""
    from masthead.news.models import ArticlePage, Author

    html = desk.get(reverse("wagtailadmin_pages:edit", args=(demo["seed"].pk,))).content.decode()
    assert "news/admin/photo-credit-step" in html
    lead = ArticlePage.get_edit_handler().get_form_class().base_fields["lead_image"].widget
    block = ArticlePage.body.field.stream_block.child_blocks["image"].child_blocks["image"]
    author_photo = Author.snippet_viewset.get_edit_handler().get_form_class().base_fields["photo"]
    for widget in (lead, block.widget, author_photo.widget):
        assert widget.get_chooser_modal_url() == reverse("news_photo_chooser:choose")


def test_chooser_marks_a_photo_without_a_credit_and_says_why(desk):
    """In the chooser an uncredited photo is marked as needing a credit and leads to the
    credit step; a credited one is chosen directly."""
    bare = make_photo(credit="")
    credited = make_photo(credit="Ann Lee/AP")
    html = modal_json(desk.get(reverse("news_photo_chooser:choose")))["html"]
    bare_link = re.search(
        rf'<a[^>]*href="([^"]*)"[^>]*>(?:(?!</a>).)*{re.escape(bare.title)}(?:(?!</a>).)*</a>',
        html,
        re.S,
    )
    assert bare_link and reverse("news_photo_chooser:credit", args=(bare.pk,)) in bare_link.group(1)
    assert "Needs a credit" in bare_link.group(0)
    assert "never printed without a credit" in html
    assert reverse("news_photo_chooser:chosen", args=(credited.pk,)) in html


def test_chooser_list_layout_marks_a_photo_without_a_credit(desk):
    """The chooser's list layout shows each photo's credit, or that it needs one."""
    bare = make_photo(credit="")
    make_photo(credit="Ann Lee/AP")
    html = modal_json(desk.get(reverse("news_photo_chooser:choose") + "?layout=list"))["html"]
    row = re.search(rf"<tr(?:(?!</tr>).)*{re.escape(bare.title)}(?:(?!</tr>).)*</tr>", html, re.S)
    assert row and "Needs a credit" in row.group(0)
    assert reverse("news_photo_chooser:credit", args=(bare.pk,)) in row.group(0)
    assert "Ann Lee/AP" in html


def test_chooser_refuses_to_choose_an_uncredited_photo(desk):
    """Asking the chooser for an uncredited photo answers with the credit step, not the photo."""
    bare = make_photo(credit="")
    answer = modal_json(desk.get(reverse("news_photo_chooser:chosen", args=(bare.pk,))))
    assert answer["step"] == "add_credit"
    assert "This photo has no credit" in answer["html"]
    multiple = modal_json(
        desk.get(reverse("news_photo_chooser:chosen_multiple") + f"?id={bare.pk}")
    )
    assert multiple["result"] == []


def test_credit_added_in_the_chooser_is_saved_and_the_photo_chosen(desk):
    """The credit step refuses a blank credit; a given credit is saved on the photo (with the
    caption, if it had none) and the photo is chosen."""
    bare = make_photo(credit="", caption="")
    url = reverse("news_photo_chooser:credit", args=(bare.pk,))
    form = modal_json(desk.get(url))
    assert form["step"] == "add_credit" and 'name="credit"' in form["html"]

    refused = modal_json(desk.post(url, {"credit": " ", "caption": ""}))
    assert refused["step"] == "add_credit" and CREDIT_MESSAGE in refused["html"]
    bare.refresh_from_db()
    assert bare.credit == ""

    chosen = modal_json(desk.post(url, {"credit": "Ann Lee/AP", "caption": "Gulls over the pier."}))
    assert chosen["step"] == "chosen" and chosen["result"]["id"] == str(bare.pk)
    bare.refresh_from_db()
    assert (bare.credit, bare.caption) == ("Ann Lee/AP", "Gulls over the pier.")


def test_report_lists_exactly_the_photos_without_a_credit(desk):
    """The picture desk's report lists every photo without a credit (blank or only spaces),
    each linked to its edit form, and no credited photo."""
    blank, spaces = make_photo(credit=""), make_photo(credit="   ")
    make_photo(credit="Ann Lee/AP")
    html = desk.get(reverse("news_reports:uncredited_photos")).content.decode()
    listed = {int(pk) for pk in re.findall(r'href="/admin/images/(\d+)/"', html)}
    expected = {p.pk for p in NewsImage.objects.all() if not p.credit.strip()}
    assert {blank.pk, spaces.pk} <= listed
    assert listed == expected


def test_report_is_in_the_reports_menu(desk):
    """The report is offered in the admin's Reports menu."""
    html = desk.get(reverse("wagtailadmin_home")).content.decode()
    assert "Photos without a credit" in html
    assert reverse("news_reports:uncredited_photos") in html
