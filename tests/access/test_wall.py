"""The registration wall: lead-in for everyone, the rest for members, nothing leaked."""

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from masthead.accounts.models import Member
from masthead.demo import seed
from tests import factories

pytestmark = pytest.mark.django_db

CANARY = "Canary-7f3a: this sentence is behind the wall."
LEAD = ["Lead one is public.", "Lead two is public.", "Lead three is public."]
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture
def gated(demo):
    return factories.make_article(
        title="A gated story about Golan",
        paragraphs=[*LEAD, CANARY, "Closing words."],
        topics=["iran"],
        section_slug="israel-and-the-region",
    )


@pytest.fixture
def member(db):
    return Member.objects.create_user("reader@example.com")


def html(response):
    return response.content.decode()


def test_anonymous_reader_gets_the_lead_in_and_the_wall(client, gated):
    page = html(client.get(gated.url))
    assert all(text in page for text in LEAD)
    assert CANARY not in page and "Closing words." not in page
    assert "Register for free" in page and "and continue reading" in page
    assert "Registering also lets you comment on articles" in page
    assert "Already registered? Enter your email to sign in." in page


def test_member_reads_everything_privately(client, gated, member):
    client.force_login(member)
    response = client.get(gated.url)
    assert CANARY in html(response) and "Closing words." in html(response)
    assert "Register for free" not in html(response)
    assert "private" in response["Cache-Control"]


def test_anonymous_page_is_publicly_cacheable_with_tags(client, gated):
    response = client.get(gated.url)
    cache_control = response["Cache-Control"]
    for directive in ("public", "s-maxage=", "stale-while-revalidate=", "stale-if-error="):
        assert directive in cache_control
    assert f"page-{gated.pk}" in response["Cache-Tag"]


def test_googlebot_user_agent_is_just_anonymous(gated):
    response = Client(headers={"user-agent": GOOGLEBOT}).get(gated.url)
    assert CANARY not in html(response)


def test_signing_out_takes_the_text_away(client, gated, member):
    client.force_login(member)
    assert CANARY in html(client.get(gated.url))
    client.logout()
    assert CANARY not in html(client.get(gated.url))


def test_editor_placed_wall_decides_the_lead_in(client, demo):
    article = factories.make_article(paragraphs=["Only this is public."])
    article.body = [
        ("paragraph", "<p>Only this is public.</p>"),
        ("wall", None),
        ("paragraph", f"<p>{CANARY}</p>"),
    ]
    article.save_revision().publish()
    page = html(client.get(article.url))
    assert "Only this is public." in page and CANARY not in page


def test_free_article_is_whole_for_everyone(client, demo):
    article = factories.make_article(paragraphs=[*LEAD, CANARY])
    article.access_level = "free"
    article.save_revision().publish()
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert CANARY in page.get_text()
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["isAccessibleForFree"] is True and "hasPart" not in data


@pytest.mark.parametrize("as_member", [False, True])
def test_json_ld_marks_the_gated_part_and_it_matches_one_element(client, gated, member, as_member):
    if as_member:
        client.force_login(member)
    page = BeautifulSoup(client.get(gated.url).content, "html.parser")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["isAccessibleForFree"] is False
    assert data["hasPart"]["isAccessibleForFree"] is False
    assert len(page.select(data["hasPart"]["cssSelector"])) == 1
    assert "articleBody" not in data


def test_seed_article_stops_an_anonymous_reader_after_the_lead_in(client, demo):
    page = html(client.get(demo["seed"].url))
    for paragraph in seed.PARAGRAPHS_BEFORE_PHOTO[:3]:
        assert paragraph in page
    assert seed.PARAGRAPHS_AFTER_PHOTO[-1] not in page
    assert seed.PARAGRAPHS_BEFORE_PHOTO[3] not in page
    assert "Register for free" in page
