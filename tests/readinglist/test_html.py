"""The reading list's pages and its part of the account page keep HTML's rules: the Nu HTML
Checker finds no error in them, with stories on the list."""

import re

import pytest
from django.test import Client

from masthead.readinglist import services
from tests.nu import nu_errors

pytestmark = pytest.mark.django_db


def test_the_list_and_the_pages_it_answers_are_valid_html(signed_in, member, story, demo, tmp_path):
    services.save(member, story)
    services.save(member, demo["seed"])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    pages = {
        "account": signed_in.get("/account/"),
        "story": signed_in.get(story.url),
        "front": signed_in.get("/"),
        "confirm": strict.post(
            f"/reading-list/{story.pk}/save/", headers={"Origin": "http://testserver"}
        ),
        "anonymous-confirm": Client(enforce_csrf_checks=True).post(
            f"/reading-list/{story.pk}/save/", headers={"Origin": "http://testserver"}
        ),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert name.endswith("confirm") or re.search(r"readinglist", html), name
    errors = nu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
