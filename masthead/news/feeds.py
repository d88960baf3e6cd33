"""RSS 2.0 and Atom feeds for the site, a section, a topic and an author.

Feeds carry excerpts (the standfirst), never the body: what a feed reader
shows is what an anonymous reader may see.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from . import corrections, services
from .models import Author, SectionPage, Topic

FEED_LENGTH = 30


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, kind=None, slug=None):
        if kind == "section":
            return get_object_or_404(SectionPage.objects.live().public(), slug=slug)
        if kind == "topic":
            return get_object_or_404(Topic, slug=slug)
        if kind == "author":
            return get_object_or_404(Author, slug=slug)
        if kind is not None:
            raise Http404("No such feed.")
        return None

    def title(self, obj):
        name = settings.WAGTAIL_SITE_NAME
        return f"{obj.title if isinstance(obj, SectionPage) else obj} | {name}" if obj else name

    def link(self, obj):
        if obj is None:
            return "/"
        return obj.url if isinstance(obj, SectionPage) else obj.get_absolute_url()

    def description(self, obj):
        return f"The latest stories from {self.title(obj)}"

    def items(self, obj):
        if isinstance(obj, SectionPage):
            articles = services.articles_in_section(obj)
        elif isinstance(obj, Topic):
            articles = services.articles_for_topic(obj)
        elif isinstance(obj, Author):
            articles = services.articles_by_author(obj)
        else:
            articles = services.live_articles()
        return list(articles[:FEED_LENGTH])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers render the description (Atom: summary type="html") as HTML; the
        # standfirst is plain text, so it is escaped to stay text.
        return escape(item.standfirst)

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return f"{settings.SITE_URL}/?p={item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.last_published_at

    def item_author_name(self, item):
        return ", ".join(b.author.name for b in item.bylines.all())

    def item_enclosures(self, item):
        return []


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description


class CorrectionFeed(Feed):
    """Every correction of every live, public story, newest first. An item carries the
    correction's text and the story's headline only: nothing of the story's body."""

    feed_type = Rss201rev2Feed
    link = "/corrections/"

    def title(self):
        return f"Corrections | {settings.WAGTAIL_SITE_NAME}"

    def description(self):
        return f"Corrections to stories published by {settings.WAGTAIL_SITE_NAME}"

    def items(self):
        return corrections.latest()

    def item_title(self, item):
        return f"Correction: {item.page.title}"

    def item_description(self, item):
        return escape(item.text)  # plain text, kept text by feed readers that render HTML

    def item_link(self, item):
        return f"{item.page.url}#corrections"

    def item_guid(self, item):
        return f"{settings.SITE_URL}/corrections/?c={item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.corrected_at


class AtomCorrectionFeed(CorrectionFeed):
    feed_type = Atom1Feed
    subtitle = CorrectionFeed.description
