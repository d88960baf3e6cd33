"""The pieces cached pages use: the header state endpoint and the embeddable sign-in box."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def test_state_for_an_anonymous_reader(client):
    """Anonymous: a sign-in URL, no session created, never cached."""
    response = client.get("/account/state.json")
    assert response.json() == {"signed_in": False, "signin_url": "/account/signin/"}
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies


def test_state_for_a_member(client, reader):
    client.force_login(reader)
    data = client.get("/account/state.json").json()
    assert data == {"signed_in": True, "name": "Reader One", "account_url": "/account/"}


def test_state_hands_out_a_csrf_token_on_request(client):
    response = client.get("/account/state.json?csrf=1")
    assert response.json()["csrf_token"]
    assert "csrftoken" in response.cookies


def test_the_component_holds_nothing_personal_and_no_csrf_token(reader):
    """Rendered for a signed-in reader as for anyone: cache-safe, token left to the script."""
    request = RequestFactory().get("/news/story/")
    request.user = reader
    html = render_to_string(
        "accounts/includes/signin_form.html",
        {"next": "/news/story/#p-3", "heading": "Log in to continue"},
        request=request,
    )
    assert "Log in to continue" in html
    assert "Already registered? Enter your email to sign in." in html
    assert "By registering you agree to the" in html
    assert "Daily Edition email for free." in html
    assert 'name="next" value="/news/story/#p-3"' in html
    assert 'name="csrfmiddlewaretoken" value=""' in html
    assert reader.email not in html and "Reader One" not in html
    assert "CSRF_COOKIE_NEEDS_UPDATE" not in request.META


def test_anonymous_article_pages_set_no_cookies(client, demo):
    """An anonymous article page carries the header slot and script but sets no session or
    CSRF cookie, so it can be cached and shared."""
    response = client.get(demo["seed"].url)
    assert b'<div class="account-slot" id="account-slot">' in response.content
    assert b"/static/accounts/account.js" in response.content
    assert not response.cookies


def test_the_full_sign_in_page_has_the_seed_texts(client):
    content = client.get("/account/signin/?next=/x/%23p-2").content.decode()
    assert "Sign in or Register" in content
    assert "Already registered? Enter your email to sign in." in content
    assert 'name="next" value="/x/#p-2"' in content
