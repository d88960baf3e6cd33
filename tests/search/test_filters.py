"""Filters (section, topic, author, dates), sorting and pagination."""

from datetime import datetime

import pytest
from django.utils import timezone

from masthead.search import services

pytestmark = pytest.mark.django_db


def aware(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def stories(demo, make_article, django_capture_on_commit_callbacks):
    from masthead.news.models import Author

    author = Author.objects.get(slug="dana-levin")
    with django_capture_on_commit_callbacks(execute=True):
        return {
            "world": make_article(
                title="Pelmark world",
                paragraphs=["Pelmark abroad."],
                published_at=aware(2024, 1, 10),
            ),
            "business": make_article(
                title="Pelmark business",
                section_slug="business",
                paragraphs=["Pelmark shares."],
                topics=["economy"],
                published_at=aware(2024, 6, 10),
            ),
            "byline": make_article(
                title="Pelmark by Dana",
                paragraphs=["Pelmark column."],
                authors=[author],
                published_at=aware(2025, 2, 1),
            ),
        }


def test_section_filter(stories, titles):
    """Only stories in the chosen section are returned; an unknown section returns none."""
    assert titles("Pelmark", section="business") == ["Pelmark business"]
    assert titles("Pelmark", section="no-such-section") == []


def test_topic_filter(stories, titles):
    """Only stories with the chosen topic are returned."""
    assert titles("Pelmark", topic="economy") == ["Pelmark business"]


def test_author_filter(stories, titles):
    """Only stories under the chosen author's byline are returned."""
    assert titles("Pelmark", author="dana-levin") == ["Pelmark by Dana"]


def test_date_range_filter(stories, titles):
    """from/to keep stories published on those days, inclusive."""
    from datetime import date

    assert titles("Pelmark", date_from=date(2024, 6, 10), date_to=date(2024, 12, 31)) == [
        "Pelmark business"
    ]
    assert sorted(titles("Pelmark", date_to=date(2024, 6, 10))) == [
        "Pelmark business",
        "Pelmark world",
    ]


def test_newest_sort(stories, titles):
    """sort=newest lists matches by publication date, newest first."""
    assert titles("Pelmark", sort="newest") == [
        "Pelmark by Dana",
        "Pelmark business",
        "Pelmark world",
    ]


def test_filters_from_query_parameters_ignore_junk():
    """Malformed filter parameters are ignored, not errors."""
    filters = services.Filters.from_params(
        {"section": "<script>", "from": "2024-13-45", "to": "x", "sort": "random", "topic": "iran"}
    )
    assert filters == services.Filters(topic="iran")


def test_pagination_and_count(demo, make_article, settings, client):
    """Results come a page at a time with the total count; every story appears exactly once."""
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for n in range(5):
        make_article(title=f"Dravonel report {n}", paragraphs=["Dravonel again."])
    seen = []
    for page in (1, 2, 3):
        response = client.get("/search/", {"q": "Dravonel", "page": page})
        assert response.status_code == 200
        outcome = response.context["outcome"]
        assert outcome.count == 5
        assert outcome.num_pages == 3
        seen += [r.article.title for r in outcome.results]
    assert sorted(seen) == [f"Dravonel report {n}" for n in range(5)]
    assert b"5 results for" in client.get("/search/", {"q": "Dravonel"}).content
    past_end = client.get("/search/", {"q": "Dravonel", "page": 9})
    assert past_end.status_code == 200
    assert past_end.context["outcome"].results == []
