"""The reading list over HTTP: the private list of saved ids for the buttons' script, Save
and Remove with and without script, the list on the account page, and bad input."""

import json
import re

import pytest
from django.test import Client, override_settings
from wagtail.models import PageViewRestriction

from masthead.readinglist import services
from masthead.readinglist.models import SavedStory
from tests import factories

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def no_store(response):
    cache_control = response["Cache-Control"]
    return "private" in cache_control and "no-store" in cache_control


def test_the_saved_ids_are_private_and_the_members_own(signed_in, member, story):
    services.save(member, story)
    response = signed_in.get("/reading-list/saved.json")
    assert response.json() == {"signed_in": True, "saved": [story.pk]}
    assert no_store(response)

    anonymous = Client().get("/reading-list/saved.json")
    assert anonymous.json() == {
        "signed_in": False,
        "saved": [],
        "signin_url": "/account/signin/",
    }
    assert no_store(anonymous)


def test_the_script_saves_and_removes_with_json(signed_in, member, story):
    response = signed_in.post(f"/reading-list/{story.pk}/save/", headers=JSON)
    assert response.status_code == 200 and response.json() == {"saved": True}
    assert no_store(response)
    assert services.saved_ids(member) == [story.pk]

    response = signed_in.post(f"/reading-list/{story.pk}/remove/", headers=JSON)
    assert response.json() == {"saved": False}
    assert services.saved_ids(member) == []


def test_a_plain_form_saves_and_shows_the_list_on_the_account_page(signed_in, member, story):
    response = signed_in.post(f"/reading-list/{story.pk}/save/")
    assert response.status_code == 303
    assert response["Location"] == "/account/#reading-list"
    page = signed_in.get("/account/").content.decode()
    assert "Saved to your reading list: A story worth keeping" in page
    section = page[page.index('id="reading-list"') :]
    assert f'<a href="{story.url}">A story worth keeping</a>' in section
    assert "World" in section  # its section
    assert story.published_at.strftime("%Y") in section
    assert f'action="/reading-list/{story.pk}/remove/"' in section
    assert "Remove<span" in section

    response = signed_in.post(f"/reading-list/{story.pk}/remove/")
    assert response["Location"] == "/account/#reading-list"
    page = signed_in.get("/account/").content.decode()
    assert "Removed from your reading list." in page
    assert "Nothing saved yet." in page


def test_the_account_page_lists_only_what_readers_can_read(signed_in, member, story):
    hidden = factories.make_article(title="Made private later")
    services.save(member, story)
    services.save(member, hidden)
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    page = signed_in.get("/account/").content.decode()
    assert "A story worth keeping" in page
    assert "Made private later" not in page


def test_an_anonymous_reader_is_sent_to_sign_in_and_back_to_the_story(story):
    client = Client()
    response = client.post(f"/reading-list/{story.pk}/save/")
    assert response.status_code == 303
    assert response["Location"] == f"/account/signin/?next={story.url.replace('/', '%2F')}"
    response = client.post(f"/reading-list/{story.pk}/save/", headers=JSON)
    assert response.status_code == 401
    assert response.json()["signin_url"].startswith("/account/signin/?next=")
    assert not SavedStory.objects.exists()


@pytest.mark.parametrize("path", ["abc", "0", "99999999", "9" * 30, "-1"])
def test_an_unknown_or_malformed_story_is_a_404(signed_in, path):
    for action in ("save", "remove"):
        response = signed_in.post(f"/reading-list/{path}/{action}/")
        assert response.status_code == 404
    assert not SavedStory.objects.exists()


def test_a_story_that_cannot_be_saved_says_so(signed_in):
    draft = factories.make_article(publish=False)
    response = signed_in.post(f"/reading-list/{draft.pk}/save/", headers=JSON)
    assert response.status_code == 404
    assert response.json() == {"error": "That story is not available to save."}
    html = signed_in.post(f"/reading-list/{draft.pk}/save/")
    assert html.status_code == 404


def test_saving_and_removing_need_a_post(signed_in, story):
    assert signed_in.get(f"/reading-list/{story.pk}/save/").status_code == 405
    assert signed_in.get(f"/reading-list/{story.pk}/remove/").status_code == 405


@override_settings(READING_LIST_RATE_LIMIT=(2, 60))
def test_too_many_changes_are_a_429_with_a_message(signed_in, story):
    signed_in.post(f"/reading-list/{story.pk}/save/", headers=JSON)
    signed_in.post(f"/reading-list/{story.pk}/remove/", headers=JSON)
    response = signed_in.post(f"/reading-list/{story.pk}/save/", headers=JSON)
    assert response.status_code == 429
    assert "Too many changes" in response.json()["error"]
    page = signed_in.post(f"/reading-list/{story.pk}/save/")
    assert page.status_code == 429
    assert "Too many changes to your reading list" in page.content.decode()


def save_forms(html):
    return re.findall(r'<form class="readinglist-save"[^>]*>.*?</form>', html, re.S)


def test_every_story_and_card_has_the_same_save_button_for_every_reader(signed_in, member, story):
    services.save(member, story)
    anonymous = Client().get(story.url).content.decode()
    as_member = signed_in.get(story.url).content.decode()
    forms = save_forms(anonymous)
    assert len(forms) >= 1 and forms == save_forms(as_member)
    assert f'action="/reading-list/{story.pk}/save/"' in forms[0]
    assert "aria-pressed" not in forms[0]  # the script marks it, from the private endpoint
    assert "csrfmiddlewaretoken" not in forms[0]

    front = Client().get("/").content.decode()
    cards = save_forms(front)
    assert f'Save<span class="visually-hidden"> for later: {story.title}</span>' in "".join(cards)
    assert cards == save_forms(signed_in.get("/").content.decode())
    assert 'href="/static/readinglist/readinglist.css' in front
    assert 'src="/static/readinglist/readinglist.js' in front


def test_the_export_download_holds_the_list(signed_in, member, story):
    services.save(member, story)
    data = json.loads(signed_in.get("/account/export.json").content)
    assert [entry["page_id"] for entry in data["reading_list"]] == [story.pk]
