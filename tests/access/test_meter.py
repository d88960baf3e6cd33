"""Metering (off by default): a few whole articles for anonymous readers, decided on the server."""

import pytest
from django.core import signing
from django.test import Client

from masthead.access.meter import COOKIE_NAME, SALT, period_key
from masthead.access.models import AccessSettings
from tests import factories

pytestmark = pytest.mark.django_db

CANARY = "Canary-meter-5e1 gated words."


@pytest.fixture
def metered(demo):
    settings = AccessSettings.load()
    settings.metering_enabled = True
    settings.meter_allowance = 2
    settings.meter_period = "week"
    settings.save()
    return settings


@pytest.fixture
def stories(demo):
    return [factories.make_article(paragraphs=["a", "b", "c", f"{CANARY} {n}"]) for n in range(3)]


def reads(client, article):
    return CANARY in client.get(article.url).content.decode()


def test_metering_is_off_by_default(client, stories):
    assert not reads(client, stories[0])
    assert COOKIE_NAME not in client.cookies


def test_allowance_then_the_wall_with_how_many_were_read(client, metered, stories):
    assert reads(client, stories[0]) and reads(client, stories[1])
    response = client.get(stories[2].url)
    page = response.content.decode()
    assert CANARY not in page
    assert "You have read your 2 free articles this week." in page
    assert reads(client, stories[0]), "re-reading a counted article is free"


def test_metered_pages_are_never_shared(client, metered, stories):
    for _ in range(2):
        response = client.get(stories[0].url)
        assert "private" in response["Cache-Control"]
        assert response.get("X-Page-Cache") != "HIT"
    walled = Client().get(stories[0].url)  # a new reader still gets the article whole
    assert CANARY in walled.content.decode()


def test_remaining_count_is_shown_to_a_metered_reader(client, metered, stories):
    page = client.get(stories[0].url).content.decode()
    assert "1 free article left this week." in page


def test_a_forged_cookie_counts_as_a_new_reader(client, metered, stories):
    client.cookies[COOKIE_NAME] = "forged-value"
    assert reads(client, stories[0]) and reads(client, stories[1])
    assert not reads(client, stories[2])


def test_a_cookie_signed_by_someone_else_gives_nothing_more(client, metered, stories):
    """A cookie that does not verify is a new reader's: replaying it restarts at zero, never
    beyond the allowance."""
    forged = signing.dumps(
        {"p": period_key("week"), "r": []}, key="not-our-secret-0123456789", salt=SALT
    )
    for _ in range(3):  # replaying the forged "nothing read yet" cookie
        client.cookies[COOKIE_NAME] = forged
        assert reads(client, stories[0])
    assert reads(client, stories[1])  # the second of two
    assert not reads(client, stories[2])


def test_an_oversized_cookie_cannot_claim_a_bigger_allowance(client, metered, stories):
    value = signing.dumps({"p": period_key("week"), "r": [1, 2, 3, 4, 5]}, salt=SALT)
    client.cookies[COOKIE_NAME] = value
    assert not reads(client, stories[0])


def test_last_weeks_cookie_starts_a_new_count(client, metered, stories):
    client.cookies[COOKIE_NAME] = signing.dumps(
        {"p": "1999-W01", "r": [stories[0].pk, stories[1].pk]}, salt=SALT
    )
    assert reads(client, stories[2])
