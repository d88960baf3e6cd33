"""A member's comment refused for its CSRF token (a page open too long, a cookie the
browser did not keep) comes back on the comments page with what they wrote; one more
press posts it. A post from another site posts nothing and echoes nothing."""

import re

import pytest
from django.test import Client

from masthead.comments.models import Comment

from .conftest import make_member

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def newcomer(db):
    """A member who has not chosen the name shown with comments yet."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member("newcomer@example.com"))
    return client


def test_a_comment_without_a_valid_token_comes_back_and_one_more_press_posts_it(newcomer, article):
    url = f"/comments/{article.pk}/post/"
    typed = {"display_name": "Nia Newcomer", "text": "Worth reading twice.", "next": "/x/"}
    response = newcomer.post(
        url, {**typed, "csrfmiddlewaretoken": "stale"}, headers={"Origin": SITE}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please press the button again to confirm." in html
    assert ">Worth reading twice.</textarea>" in html
    assert 'value="Nia Newcomer"' in html
    assert not Comment.objects.exists()

    token = TOKEN.search(html).group(1)
    response = newcomer.post(url, {**typed, "csrfmiddlewaretoken": token}, headers={"Origin": SITE})
    assert response.status_code == 303
    assert Comment.objects.get().text == "Worth reading twice."


def test_a_comment_posted_from_another_site_posts_nothing(newcomer, article):
    forged = {"display_name": "Forged Name", "text": "Forged words.", "csrfmiddlewaretoken": ""}
    response = newcomer.post(
        f"/comments/{article.pk}/post/", forged, headers={"Origin": "https://elsewhere.example"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Forged" not in html
    assert TOKEN.search(html) and "Join the conversation" in html
    assert not Comment.objects.exists()
