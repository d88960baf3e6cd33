"""Search finds the story a reader wants: the one about a name ranks ahead of newer stories
that mention it in passing, possessives find the name, and text reads in its own direction."""

from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

pytestmark = pytest.mark.django_db

FILLER = [
    "The committee met again on Monday and agreed to meet again next week.",
    "Officials said the budget would be presented to the cabinet after the holiday.",
    "Residents of the northern towns asked for more buses and a new clinic.",
    "The weather stayed dry, and farmers said the harvest would be early this year.",
]


@pytest.fixture
def envoy_story(demo, make_article):
    """A story from 2019 about the envoy: it names him in its lead, and once more."""
    return make_article(
        title="Russian officials in Jerusalem for talks on Syria",
        standfirst="Moscow's envoys meet the prime minister",
        paragraphs=[
            "The prime minister held talks on Tuesday with Russian officials on Syria.",
            "Special envoy Yegor Ostrovetsky met defence officials in Jerusalem.",
            "The talks were meant to avoid friction between the two militaries.",
            *FILLER,
            "Ostrovetsky's office said the talks would go on in Moscow.",
        ],
        published_at=timezone.make_aware(datetime(2019, 1, 29, 18, 32)),
    )


@pytest.fixture
def passing_mentions(demo, make_article):
    """Newer stories, each about something else, that name the envoy once, far down."""
    return [
        make_article(
            title=f"Market report, day {day}",
            standfirst="Shares, the shekel and the price of bread",
            paragraphs=[
                *FILLER,
                *FILLER,
                f"A note from the day: Ostrovetsky was in Ankara ({day}).",
            ],
            published_at=timezone.now() - timedelta(days=day),
        )
        for day in (1, 2, 3, 4)
    ]


def test_the_story_about_a_name_ranks_first_ahead_of_newer_passing_mentions(
    envoy_story, passing_mentions, titles
):
    """The 2019 story naming the envoy in its lead comes before four stories of this week
    that mention him once, deep in their text (fails when recency outweighs the lead)."""
    found = titles("Ostrovetsky")
    assert len(found) == 5
    assert found[0] == envoy_story.title


@pytest.mark.parametrize("query", ["Ostrovetsky's", "Ostrovetsky’s", "Ostrovetskyʼs"])
def test_a_possessive_finds_the_name(envoy_story, passing_mentions, titles, query):
    """ "Ostrovetsky's", with a typewriter or a typographic apostrophe, looks for the name:
    it finds every story naming him, the one about him first."""
    found = titles(query)
    assert len(found) == 5
    assert found[0] == envoy_story.title


def test_a_word_with_an_apostrophe_inside_stays_one_name(demo, make_article, titles):
    """Only the possessive ending goes: "O'Quillan's" still asks for O'Quillan, not Quillan."""
    make_article(title="Named", paragraphs=["Dara O'Quillan spoke."])
    make_article(title="Other", paragraphs=["Quillan O spoke."])
    assert titles("O'Quillan's") == ["Named"]


def test_the_search_page_reads_each_text_in_its_own_direction(demo, make_article, client):
    """A Hebrew query and Hebrew results are shown right to left, English left to right: the
    box, the echoed query, and each result's headline, standfirst and snippet say dir="auto"."""
    make_article(
        title="נתניהו נפגש עם שליחים רוסים",
        standfirst="פגישה בירושלים על סוריה",
        paragraphs=["ראש הממשלה דיבר עם השליח לברנטייב בירושלים."],
    )
    page = BeautifulSoup(client.get("/search/", {"q": "לברנטייב"}).content, "html.parser")
    assert page.select_one("input#search-q")["dir"] == "auto"
    assert page.select_one(".search-count strong")["dir"] == "auto"
    result = page.select_one(".search-result")
    assert result.select_one(".search-result__headline").get_text(strip=True).startswith("נתניהו")
    for part in (".search-result__headline", ".search-result__standfirst"):
        assert result.select_one(part)["dir"] == "auto", part
    assert result.select_one(".search-result__snippet")["dir"] == "auto"
