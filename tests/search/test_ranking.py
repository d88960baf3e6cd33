"""Ranking: names, phrases, exclusions, recency, stemming-free scripts (Hebrew, Arabic)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from masthead.search import services

pytestmark = pytest.mark.django_db


def test_name_in_headline_comes_first(demo, make_article, titles):
    """A story with the name in its headline outranks one that only mentions it."""
    make_article(
        title="Markets wait on the budget",
        paragraphs=["Analysts quoted Vorobyanin once.", "Then moved on."],
    )
    make_article(
        title="Vorobyanin arrives in Haifa",
        paragraphs=["Vorobyanin met the mayor.", "Vorobyanin toured the port."],
    )
    assert titles("Vorobyanin")[0] == "Vorobyanin arrives in Haifa"


def test_phrase_matches_words_in_order_only(demo, make_article, titles):
    """A quoted phrase finds the words together, not the same words apart."""
    make_article(title="Ridge story", paragraphs=["The Quillon ridge was quiet near Tarsk."])
    make_article(title="Apart story", paragraphs=["Quillon farmers said the ridge was steep."])
    assert titles('"Quillon ridge"') == ["Ridge story"]
    assert sorted(titles("Quillon ridge")) == ["Apart story", "Ridge story"]


def test_exclusion_leaves_out_stories_with_the_word(demo, make_article, titles):
    """`-word` removes the stories that contain the word."""
    make_article(title="Zephyrine harbour news", paragraphs=["Zephyrine harbour reopened."])
    make_article(title="Zephyrine football news", paragraphs=["Zephyrine won at football."])
    assert titles("Zephyrine -football") == ["Zephyrine harbour news"]
    assert titles('Zephyrine -"harbour reopened"') == ["Zephyrine football news"]


def test_recent_story_outranks_an_equally_relevant_old_one(demo, make_article, titles):
    """A story from this week comes before an equally relevant story from 2019."""
    text = ["Talks on the Brunvald pipeline resumed.", "Officials met for hours."]
    make_article(
        title="Brunvald pipeline talks (2019)",
        paragraphs=text,
        published_at=timezone.make_aware(datetime(2019, 5, 1, 12)),
    )
    make_article(
        title="Brunvald pipeline talks (this week)",
        paragraphs=text,
        published_at=timezone.now() - timedelta(days=2),
    )
    assert titles("Brunvald pipeline") == [
        "Brunvald pipeline talks (this week)",
        "Brunvald pipeline talks (2019)",
    ]
    assert titles("Brunvald pipeline", sort="newest")[0] == "Brunvald pipeline talks (this week)"


def test_much_better_match_beats_a_fresher_weak_one(demo, make_article, titles):
    """Recency blends with relevance: it does not override a far better match."""
    make_article(
        title="Quorvex summit opens",
        paragraphs=["Quorvex delegates arrived.", "The Quorvex agenda was set."],
        published_at=timezone.now() - timedelta(days=40),
    )
    make_article(
        title="Weather for the weekend",
        paragraphs=["Rain, and a passing mention of Quorvex, in a long list of other news."],
        published_at=timezone.now() - timedelta(hours=1),
    )
    assert titles("Quorvex")[0] == "Quorvex summit opens"


def test_recency_halves_with_the_half_life(settings):
    """recency() is 1 now and 0.5 one half-life ago: the documented blend."""
    settings.SEARCH_RECENCY_HALF_LIFE_DAYS = 10
    now = timezone.now()
    assert services.recency(now, now) == pytest.approx(1.0)
    assert services.recency(now - timedelta(days=10), now) == pytest.approx(0.5)
    assert services.recency(None, now) == 0.0


def test_author_name_finds_their_stories(
    demo, make_article, titles, django_capture_on_commit_callbacks
):
    """Searching an author's name finds the stories under their byline, from the first publish."""
    from masthead.news.models import Author

    author = Author.objects.create(name="Ilsabet Quonderay", slug="ilsabet-quonderay")
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="A story with a byline", authors=[author])
    assert titles("Quonderay") == ["A story with a byline"]


def test_hebrew_article_is_found(demo, make_article, titles):
    """Hebrew text is indexed and found by a Hebrew word."""
    make_article(
        title="נתניהו נפגש עם שר החוץ",
        standfirst="פגישה בירושלים",
        paragraphs=["ראש הממשלה דיבר על רמת הגולן והביטחון בצפון."],
    )
    assert titles("הגולן") == ["נתניהו נפגש עם שר החוץ"]
    assert titles("בירושלים") == ["נתניהו נפגש עם שר החוץ"]


def test_arabic_article_is_found(demo, make_article, titles):
    """Arabic text is indexed and found by an Arabic word."""
    make_article(title="محادثات في القاهرة", paragraphs=["التقى الوزير بالوفد المصري اليوم."])
    assert titles("القاهرة") == ["محادثات في القاهرة"]


def test_accents_are_folded(demo, make_article, titles):
    """ "cafe" finds "café" (SQLite FTS5's unicode61 tokenizer; on PostgreSQL, unaccent in
    the masthead_english text search configuration)."""
    make_article(title="Ourika café reopens", paragraphs=["The café on the square reopened."])
    assert titles("ourika cafe") == ["Ourika café reopens"]
