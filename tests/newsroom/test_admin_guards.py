"""An editor's bad value in four of Wagtail's admin views is a 400 (or a 404 when nothing
has that id), never a 500; good values still do what Wagtail does (newsroom.admin_guards)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from tests import factories

pytestmark = pytest.mark.django_db

# Not numbers, and a number larger than any id (SQLite cannot even compare it).
NOT_IDS = ["'", "", "1.5", "x" * 3000, "9" * 30]


@pytest.fixture
def desk(editor):
    # A view's exception is answered with the 500 page, so a failure shows as its status.
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    return client


@pytest.fixture
def document(desk):
    response = desk.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile("minutes.txt", b"The board met."),
            "title": "minutes",
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    return get_document_model().objects.get(title="minutes")


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_the_admin_apis_find_refuses_an_id_that_is_not_a_number(desk, endpoint):
    find = reverse(f"wagtailadmin_api:{endpoint}:find")
    for bad in NOT_IDS:
        response = desk.get(find, {"id": bad})
        assert response.status_code == 400, (bad, response.status_code)
        assert response.json() == {"message": "id must be a whole number"}
    # A number that is no one's id is still Wagtail's 404.
    assert desk.get(find, {"id": "987654"}).status_code == 404


def test_the_admin_apis_find_still_finds_by_id(desk, demo, document):
    photo = factories.make_photo()
    for endpoint, found in [("pages", demo["seed"]), ("images", photo), ("documents", document)]:
        find = reverse(f"wagtailadmin_api:{endpoint}:find")
        response = desk.get(find, {"id": found.pk}, follow=True)
        assert response.redirect_chain, endpoint
        assert response.status_code == 200
        assert response.json()["id"] == found.pk


def test_the_page_chooser_refuses_ids_that_are_not_numbers(desk, demo):
    chosen = reverse("wagtailadmin_choose_page_chosen_multiple")
    for bad in NOT_IDS:
        response = desk.get(chosen, {"id": [demo["seed"].pk, bad]})
        assert response.status_code == 400, (bad, response.status_code)
        assert b"Each id must be the number of a page." in response.content


def test_the_page_chooser_still_returns_the_chosen_pages(desk, demo):
    seed, home = demo["seed"], demo["home"]
    response = desk.get(
        reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": [seed.pk, home.pk]}
    )
    assert response.status_code == 200
    step = json.loads(response.content)
    assert step["step"] == "page_chosen"
    assert {page["id"]: page["adminTitle"] for page in step["result"]} == {
        seed.pk: seed.title,
        home.pk: home.title,
    }


def test_the_external_link_chooser_refuses_a_form_without_its_url(desk):
    response = desk.post(reverse("wagtailadmin_choose_page_external_link"), {"link_text": "x"})
    assert response.status_code == 400
    assert b"The link form was sent without its URL field." in response.content


def test_the_external_link_chooser_still_chooses_a_link(desk):
    external_link = reverse("wagtailadmin_choose_page_external_link")
    response = desk.post(
        external_link,
        {
            "external-link-chooser-url": "https://example.org/report",
            "external-link-chooser-link_text": "The report",
        },
    )
    assert response.status_code == 200
    step = json.loads(response.content)
    assert step["step"] == "external_link_chosen"
    assert step["result"]["url"] == "https://example.org/report"
    # An empty URL is the form's own error, shown in the form again.
    empty = desk.post(external_link, {"external-link-chooser-url": ""})
    assert empty.status_code == 200
    assert json.loads(empty.content)["step"] == "external_link"


def test_signing_in_again_refuses_a_next_that_is_not_an_address(desk):
    login = reverse("wagtailadmin_login")
    for bad in ["'", "wagtailadmin_pages:edit", "x" * 3000]:
        response = desk.get(login, {"next": bad})
        assert response.status_code == 400, (bad, response.status_code)
        assert b"next must be an address" in response.content


def test_signing_in_again_still_goes_on_to_next(desk, client):
    login = reverse("wagtailadmin_login")
    response = desk.get(login, {"next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    # Someone not signed in gets the sign-in form, which carries next on.
    form = client.get(login, {"next": "/admin/pages/"})
    assert form.status_code == 200
    assert b'value="/admin/pages/"' in form.content
