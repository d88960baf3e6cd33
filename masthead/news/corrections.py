"""Corrections: what a story prints at its foot, what its metadata says, and the site-wide
list of them.

A correction is a public notice (every reader sees it, as the standfirst). It belongs to a
story's revision and reaches the database when the story is published, so the rows are the
published ones; the site-wide list keeps only those of live, public stories, so a draft, a
private, an unpublished or an expired story's corrections show nowhere.
"""

from django.conf import settings
from django.utils import timezone

from .models import ArticlePage, Correction

FEED_LENGTH = 30
# The addresses that list every correction: purged at the edge when they change.
LISTING_URLS = ("/corrections/", "/corrections/rss/", "/corrections/atom/")


def of_article(article):
    """The story's corrections, oldest first (a preview's unsaved ones too)."""
    return sorted(article.corrections.all(), key=lambda c: (c.corrected_at, c.pk or 0))


def modified_at(article, corrections):
    """When the story last changed for readers: its latest substantive update or correction,
    else its last publish."""
    changes = [c.corrected_at for c in corrections if c.corrected_at]
    if article.updated_at:
        changes.append(article.updated_at)
    if changes:
        return max(changes)
    return article.last_published_at or article.published_at


def iso_time(value):
    """A time as the site's zone writes it, to the second (`2026-12-07T10:14:00+02:00`)."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def public():
    """Every correction of every live, public story, newest first, with its story."""
    stories = ArticlePage.objects.live().public().values("pk")
    return (
        Correction.objects.filter(page__in=stories)
        .select_related("page")
        .order_by("-corrected_at", "-pk")
    )


def latest(count=FEED_LENGTH):
    return list(public()[:count])


def touches_listings(page):
    """Whether the corrections listings show, or showed, something of `page` or the pages
    under it (a section made private hides its stories' corrections)."""
    return Correction.objects.filter(page__path__startswith=page.path).exists()


def purge_listings():
    """Tell the edge cache the corrections page and feeds changed (the app's own page cache
    starts a new generation on every publish already)."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache([settings.SITE_URL + url for url in LISTING_URLS])
