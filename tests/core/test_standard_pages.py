import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_terms_the_sign_in_box_links_to_exist(client, demo):
    """The consent line links to TERMS_URL; the demo publishes that page."""
    response = client.get(settings.TERMS_URL)
    assert response.status_code == 200
    assert "Terms and conditions" in response.content.decode()
    assert "one-click unsubscribe" in response.content.decode()


def test_a_form_with_an_expired_token_gets_a_page_that_says_what_to_do(demo):
    """A member whose form lost its CSRF token sees the site's own page, a link back to where
    the form was, and nothing changes. (The readers' forms that come back filled in instead
    are in tests/accounts/test_without_script.py.)"""
    from django.test import Client

    from masthead.accounts.models import Member

    client = Client(enforce_csrf_checks=True)
    client.force_login(Member.objects.create_user("late@example.com"))
    article = "/israel-and-the-region/"
    response = client.post(
        "/account/signout/",
        {"csrfmiddlewaretoken": ""},
        HTTP_REFERER=f"http://testserver{article}",
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Please try again</h1>" in page
    assert "Please press the button again" not in page
    assert f'href="http://testserver{article}"' in page
    assert client.get("/account/state.json").json()["signed_in"]

    elsewhere = client.post("/account/signout/", HTTP_REFERER="https://evil.example/")
    assert 'href="/"' in elsewhere.content.decode()
