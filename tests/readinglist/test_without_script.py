"""Save pressed without script: the button in a shared page holds no CSRF token, so the
post is refused; a member gets the question once more with a token, and one more press
saves; an anonymous reader gets the sign-in form that brings them back to the story."""

import re

import pytest
from django.test import Client

from masthead.readinglist import services
from masthead.readinglist.models import SavedStory

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def strict(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def test_a_save_without_a_token_asks_once_more_and_the_next_press_saves(strict, member, story):
    url = f"/reading-list/{story.pk}/save/"
    response = strict.post(url, {}, headers={"Origin": SITE})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please press the button again to confirm." in html
    assert "Save <a href" in html and "A story worth keeping" in html
    assert not SavedStory.objects.exists()

    token = TOKEN.search(html).group(1)
    response = strict.post(url, {"csrfmiddlewaretoken": token}, headers={"Origin": SITE})
    assert response.status_code == 303
    assert services.saved_ids(member) == [story.pk]


def test_a_save_posted_from_another_site_saves_nothing(strict, story):
    response = strict.post(
        f"/reading-list/{story.pk}/save/", {}, headers={"Origin": "https://elsewhere.example"}
    )
    assert response.status_code == 403
    assert "Please fill in the form" in response.content.decode()
    assert not SavedStory.objects.exists()


def test_an_anonymous_save_without_a_token_gets_the_sign_in_form_back_to_the_story(story):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/reading-list/{story.pk}/save/", {}, headers={"Origin": SITE})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Sign in or register to save stories to your reading list." in html
    assert f'name="next" value="{story.url}"' in html
    assert TOKEN.search(html)


def test_an_unknown_story_without_a_token_gets_the_generic_page(strict):
    response = strict.post("/reading-list/99999999/save/", {}, headers={"Origin": SITE})
    assert response.status_code == 403
    assert "press the button again" not in response.content.decode()
