"""The synthetic archive behind the search benchmark: real pages, a realistic vocabulary,
and search over it that considers the newest matches first."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from masthead.demo import archive
from masthead.news.models import ArticlePage
from masthead.search import services
from masthead.search.backends import get_backend
from masthead.search.query import parse

pytestmark = pytest.mark.django_db


def _plain(article):
    return " ".join(re.sub(r"<[^>]+>", " ", b.value.source) for b in article.body)


def test_archive_writes_published_pages_that_search_finds(demo, client):
    """Bulk-written stories are sound tree pages, served, newest with the highest ids, and
    found by search once reindexed."""
    before = ArticlePage.objects.count()
    assert archive.generate(40, seed_value=3) == 40
    assert Page.find_problems() == ([], [], [], [], [])
    stories = list(ArticlePage.objects.live().public().order_by("pk")[before:])
    assert len(stories) == 40
    assert [s.published_at for s in stories] == sorted(s.published_at for s in stories)
    assert client.get(stories[-1].url).status_code == 200

    call_command("search", "reindex", no_progress=True)
    newest = stories[-1]
    found = services.search(AnonymousUser(), f'"{newest.title}"')
    assert newest.pk in [r.article.pk for r in found.results]


def test_archive_words_follow_a_long_tailed_distribution(demo):
    """Everyday words recur in most stories; rare names in few; people and places recur."""
    before = ArticlePage.objects.count()
    archive.generate(60, seed_value=4)
    texts = [_plain(a).lower() for a in ArticlePage.objects.order_by("pk")[before:]]
    in_stories = Counter(w for text in texts for w in set(re.findall(r"[a-z]+", text)))
    assert in_stories["the"] == len(texts)
    assert in_stories["lavrentiev"] > len(texts) // 10  # a name that recurs
    rare = {w.lower() for w in archive.Vocabulary().rare}
    rare_counts = [n for w, n in in_stories.items() if w in rare]
    assert rare_counts, "some rare names appear"
    assert max(rare_counts) < len(texts) // 4


def test_ranking_considers_the_newest_matches_up_to_the_cap(demo, make_article, settings, titles):
    """With more matches than SEARCH_MAX_CANDIDATES, the newest ones are ranked and counted."""
    settings.SEARCH_MAX_CANDIDATES = 3
    now = timezone.now()
    for age in (50, 40, 30, 20, 10):
        make_article(
            title=f"Zentrovar story {age} days",
            paragraphs=["Zentrovar again."],
            published_at=now - timedelta(days=age),
        )
    outcome = services.search(AnonymousUser(), "Zentrovar")
    assert outcome.count == 3
    assert sorted(titles("Zentrovar")) == [
        "Zentrovar story 10 days",
        "Zentrovar story 20 days",
        "Zentrovar story 30 days",
    ]
    assert titles("Zentrovar", sort="newest") == [
        "Zentrovar story 10 days",
        "Zentrovar story 20 days",
        "Zentrovar story 30 days",
    ]


def test_filters_reach_past_the_newest_matches(demo, make_article, settings, titles):
    """When the reader's filters leave out every one of the newest matches, search still
    returns the newest matches within the filters, however far back they are."""
    settings.SEARCH_MAX_CANDIDATES = 2
    now = timezone.now()
    for age in range(30, 0, -1):  # oldest first, as stories are published
        make_article(
            title=f"Quendral day {age}",
            paragraphs=["Quendral news from the region."],
            section_slug="business" if age > 26 else "world",
            published_at=now - timedelta(days=age),
        )
    call_command("search", "reindex", no_progress=True)  # fresh statistics, as in production
    assert titles("Quendral", section="business") == ["Quendral day 27", "Quendral day 28"]
    assert (
        services.search(AnonymousUser(), "Quendral", services.Filters(section="business")).count
        == 2
    )
    assert titles("Quendral") == ["Quendral day 1", "Quendral day 2"]


def test_more_matches_than_candidates_are_told_as_an_estimate(demo, make_article, settings, client):
    """Past SEARCH_MAX_CANDIDATES matches the page says "About N results" (PostgreSQL's
    estimate; SQLite tells the candidates); pages still end with the candidates, and a
    filtered search, which the estimate knows nothing of, tells its count."""
    settings.SEARCH_MAX_CANDIDATES = 3
    for number in range(40):
        make_article(title=f"Morvantic report {number}", paragraphs=["Morvantic talks went on."])
    call_command("search", "reindex", no_progress=True)  # statistics for the estimate
    response = client.get("/search/", {"q": "Morvantic"})
    outcome = response.context["outcome"]
    assert outcome.count == 3
    assert not outcome.has_next  # one page of 20 holds the three candidates
    body = response.content.decode()
    if connection.vendor == "postgresql":
        assert outcome.about and outcome.estimate > 3
        assert f"About {outcome.estimate} results for" in body
    else:
        assert not outcome.about
        assert "3 results for" in body
    filtered = client.get("/search/", {"q": "Morvantic", "section": "world"})
    assert not filtered.context["outcome"].about
    assert "3 results for" in filtered.content.decode()


def test_a_word_in_most_stories_with_a_filter_gives_the_newest_within_it(demo, settings):
    """A word found in most stories, searched within one section: the newest matches of
    that section, the same as the section's stories among every match, newest first."""
    before = ArticlePage.objects.count()
    archive.generate(120, seed_value=6)
    call_command("search", "reindex", no_progress=True)
    texts = [_plain(a).lower() for a in ArticlePage.objects.order_by("pk")[before:]]
    in_stories = Counter(w for text in texts for w in set(re.findall(r"[a-z]+", text)))
    # The most frequent long word (no stop word is that long).
    word = max((w for w in in_stories if len(w) >= 8), key=lambda w: in_stories[w])
    settings.SEARCH_MAX_CANDIDATES = 1000
    every = services.search(AnonymousUser(), word, services.Filters(sort="newest"))
    assert every.count > 60  # most of the 120 stories
    pks = [
        hit.pk
        for hit in get_backend()
        .search(parse(word), services.searchable(), order="newest", limit=1000)
        .hits
    ]
    section = ArticlePage.objects.get(pk=pks[0]).get_parent().slug
    in_section = [pk for pk in pks if ArticlePage.objects.get(pk=pk).get_parent().slug == section]
    settings.SEARCH_MAX_CANDIDATES = 4
    found = get_backend().search(
        parse(word),
        services.Filters(section=section).apply(services.searchable()),
        order="newest",
        limit=20,
    )
    assert [hit.pk for hit in found.hits] == in_section[:4]
