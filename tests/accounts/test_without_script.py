"""A sign-in box inside a cached page carries no CSRF token until its script fills one in.
Without the script the post is refused, and the reader gets the same form back, with a
token and what they typed; one more press sends it. A post from another site changes
nothing and puts nothing it carried in front of the reader."""

import re

import pytest

from masthead.accounts.models import Member, SignInToken
from tests.smtp import find_link

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
PRESS_AGAIN = b"Please press the button again to confirm."
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# What the wall's box posts when no script filled its token in.
WALL_POST = {
    "csrfmiddlewaretoken": "",
    "email": "Reader@Example.com",
    "next": "/world/#story-gated",
}


def token_in(response):
    match = TOKEN.search(response.content.decode())
    assert match, "the page holds no CSRF token"
    return match.group(1)


def test_a_sign_in_without_a_token_comes_back_ready_and_one_more_press_sends_it(
    csrf_client, smtp_sink
):
    response = csrf_client.post("/account/signin/", WALL_POST, headers={"Origin": SITE})
    assert response.status_code == 403
    assert PRESS_AGAIN in response.content
    html = response.content.decode()
    assert 'value="Reader@Example.com"' in html
    assert 'value="/world/#story-gated"' in html
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not SignInToken.objects.exists()

    again = {**WALL_POST, "csrfmiddlewaretoken": token_in(response)}
    response = csrf_client.post("/account/signin/", again, headers={"Origin": SITE})
    assert response.status_code == 200
    assert b"Check your email" in response.content
    assert smtp_sink.wait_for(1)["To"] == "reader@example.com"


@pytest.mark.parametrize(
    ("headers", "token"),
    [
        ({"Origin": "https://elsewhere.example"}, ""),
        ({"Origin": "https://elsewhere.example"}, "x" * 64),
        ({"Origin": "null"}, ""),
        ({}, "x" * 64),  # plain HTTP, no Origin: where it came from is unknown
    ],
)
def test_a_post_from_elsewhere_changes_nothing_and_gets_only_an_empty_form(
    csrf_client, smtp_sink, headers, token
):
    data = {"csrfmiddlewaretoken": token, "email": "victim@example.com", "next": "/their-pick/"}
    response = csrf_client.post("/account/signin/", data, headers=headers)
    assert response.status_code == 403
    html = response.content.decode()
    assert "victim@example.com" not in html and "/their-pick/" not in html
    assert PRESS_AGAIN not in response.content
    assert "Please fill in the form" in html
    token_in(response)
    assert not SignInToken.objects.exists()
    assert not smtp_sink.messages


def test_the_consent_step_comes_back_with_the_boxes_as_ticked(csrf_client, smtp_sink):
    page = csrf_client.get("/account/signin/")
    csrf_client.post(
        "/account/signin/", {"email": "new@example.com", "csrfmiddlewaretoken": token_in(page)}
    )
    csrf_client.get(find_link(smtp_sink.wait_for(1)).removeprefix(SITE))

    consent = {"accept_terms": "on", "csrfmiddlewaretoken": "stale"}
    response = csrf_client.post("/account/welcome/", consent, headers={"Origin": SITE})
    assert response.status_code == 403
    html = response.content.decode()
    assert PRESS_AGAIN in response.content
    assert re.search(r'name="accept_terms"[^>]* checked', html)
    assert not re.search(r'name="daily_edition"[^>]* checked', html)
    assert not Member.objects.filter(email="new@example.com").exists()
