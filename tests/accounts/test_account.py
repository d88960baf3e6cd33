"""The account page: email change, display name, data export, deletion, signing out."""

import json

import pytest
from django.test import Client

from masthead.accounts.models import Member, SignInToken
from tests.smtp import find_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def test_the_account_page_needs_a_member(client):
    """Anonymous visitors are sent to sign in, coming back afterwards."""
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/account/signin/?next=%2Faccount%2F"


def test_the_account_page_shows_email_and_preference_sections(signed_in):
    """Email, display name, the newsletter/alerts/comments places, data and sign-out."""
    content = signed_in.get("/account/").content.decode()
    for text in (
        "reader@example.com",
        'id="newsletters"',
        'id="alerts"',
        'id="comments"',
        "Download my data",
        "Delete my account",
        "Sign out everywhere",
    ):
        assert text in content


def test_display_name_is_saved(signed_in, reader):
    signed_in.post("/account/profile/", {"display_name": "  Nour  "})
    reader.refresh_from_db()
    assert reader.display_name == "Nour"


def test_email_changes_only_when_the_new_address_confirms(signed_in, reader, smtp_sink):
    """Changing the address sends a link to the new one; following it (with a POST)
    changes the address; until then nothing changes."""
    signed_in.post("/account/email/", {"email": "Reader.New@Example.com"})
    message = smtp_sink.wait_for(1)
    assert message["To"] == "reader.new@example.com"
    assert message["Subject"] == "Confirm your new email address for Masthead"
    reader.refresh_from_db()
    assert reader.email == "reader@example.com"
    path = find_link(message).removeprefix("http://testserver")
    page = signed_in.get(path)
    assert b"Use reader.new@example.com for your account?" in page.content
    reader.refresh_from_db()
    assert reader.email == "reader@example.com"
    response = signed_in.post(path)
    assert response["Location"] == "/account/"
    reader.refresh_from_db()
    assert reader.email == "reader.new@example.com"


def test_an_address_taken_by_someone_else_is_not_offered(signed_in, reader, smtp_sink):
    """Asking for another member's address sends nothing and changes nothing."""
    Member.objects.create_user("taken@example.com")
    response = signed_in.post("/account/email/", {"email": "taken@example.com"}, follow=True)
    assert b"We sent an email to taken@example.com" in response.content
    assert smtp_sink.messages == []


def test_download_my_data_is_json(signed_in, reader):
    response = signed_in.get("/account/export.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == "reader@example.com"
    assert data["profile"]["display_name"] == "Reader One"
    assert "daily_edition" in data["consents"]


def test_delete_my_account_needs_confirmation_and_removes_everything(signed_in, reader, smtp_sink):
    """Deleting asks for a tick, then removes the member and their sign-in records."""
    Client().post("/account/signin/", {"email": reader.email})
    assert SignInToken.objects.filter(email=reader.email).exists()
    refused = signed_in.post("/account/delete/", {})
    assert refused.status_code == 200
    assert Member.objects.filter(pk=reader.pk).exists()
    response = signed_in.post("/account/delete/", {"confirm": "on"})
    assert response.status_code == 303
    assert not Member.objects.filter(pk=reader.pk).exists()
    assert not SignInToken.objects.filter(email=reader.email).exists()
    assert "_auth_user_id" not in signed_in.session


def test_sign_out(signed_in):
    signed_in.post("/account/signout/")
    assert signed_in.get("/account/state.json").json()["signed_in"] is False


def test_sign_out_everywhere_ends_every_session(reader):
    """Sessions on other devices end too, not only this one."""
    phone, laptop = Client(), Client()
    phone.force_login(reader)
    laptop.force_login(reader)
    assert phone.get("/account/state.json").json()["signed_in"] is True
    laptop.post("/account/signout/everywhere/")
    assert phone.get("/account/state.json").json()["signed_in"] is False
    assert laptop.get("/account/state.json").json()["signed_in"] is False
    again = Client()
    again.force_login(Member.objects.get(pk=reader.pk))
    assert again.get("/account/state.json").json()["signed_in"] is True


def test_session_cookie_is_httponly_lax_and_long_lived(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_AGE >= 60 * 60 * 24 * 90
