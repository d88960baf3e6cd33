"""Rules of HTML a validator would hold the reader's pages to, checked on every page type as
an anonymous reader and as a member: no id used twice on a page, every `<time datetime>` a
date or a moment HTML can read (at most three digits of a second's fraction), one top-level
heading on each whole page, and a description on the pages search engines show."""

import collections
import re

import pytest
from django.urls import reverse

from masthead.accounts.models import Member
from masthead.comments.models import Comment
from masthead.news.models import Author, Topic
from tests.nu import nu_errors

ID = re.compile(r'\sid="([^"]+)"')
DATETIME = re.compile(r'<time[^>]*\sdatetime="([^"]*)"')
# HTML's valid date string, or global date and time string.
# The pages a search engine or a link preview shows: each says what it is in a description.
DESCRIBED = {"front", "section", "article", "search"}
VALID_DATETIME = re.compile(
    r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,3})?)?(?:Z|[+-]\d\d:?\d\d))?"
)


def pages(demo):
    seed = demo["seed"]
    author = Member.objects.create_user("commenter@example.com", display_name="A Reader")
    Comment.objects.create(article=seed, author=author, text="Well put.", status="approved")
    return {
        "front": "/",
        "section": seed.get_parent().url,
        "article": seed.url,
        "search": "/search/?q=Syria",
        "sign-in": reverse("accounts:signin"),
        "comments": reverse("comments:discussion", args=[seed.pk]),
        "terms": "/terms/",
        "about": "/about/",
        "contact": "/contact/",
        "privacy": "/privacy/",
        "topic": Topic.objects.filter(articles__live=True).first().get_absolute_url(),
        "author": Author.objects.get(slug="staff").get_absolute_url(),
    }


def fragments(demo):
    return {"comments fragment": reverse("comments:fragment", args=[demo["seed"].pk])}


@pytest.fixture(params=["anonymous", "member"])
def reader(request, client):
    if request.param == "member":
        client.force_login(Member.objects.create_user("rules@example.com"))
    return client


def test_no_id_twice_every_datetime_readable_one_top_heading(demo, reader):
    problems = []
    whole_pages = pages(demo)
    for name, url in {**whole_pages, **fragments(demo)}.items():
        response = reader.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        html = response.content.decode()
        twice = [i for i, n in collections.Counter(ID.findall(html)).items() if n > 1]
        if twice:
            problems.append(f"{name}: ids used twice: {twice}")
        unreadable = [v for v in DATETIME.findall(html) if not VALID_DATETIME.fullmatch(v)]
        if unreadable:
            problems.append(f"{name}: <time datetime> HTML cannot read: {unreadable[:3]}")
        if name in whole_pages and html.count("<h1") != 1:
            problems.append(f"{name}: {html.count('<h1')} top-level headings, not one")
        if name in DESCRIBED and '<meta name="description" content="' not in html:
            problems.append(f"{name}: no description for search engines and link previews")
    assert not problems, "\n".join(problems)


def test_the_nu_html_checker_finds_no_error(demo, reader, tmp_path):
    """Every page type, as the reader gets it, through the Nu HTML Checker: no error."""
    responses = {}
    for name, url in pages(demo).items():
        responses[name] = reader.get(url)
        assert responses[name].status_code == 200, (name, url)
    errors = nu_errors(responses, tmp_path)
    assert not errors, "\n".join(errors)
