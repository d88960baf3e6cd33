"""A live page and its entries.

A live page is a story (`news.ArticlePage`, whose fields, wall, cards, feeds and search it
keeps) told as it happens: its body says what is known so far, and **entries**, records of
their own rather than page revisions (a busy day has hundreds), arrive one by one from the
compose screen without a publish.
"""

import functools

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.url_routing import RouteResult

from masthead.core import clock
from masthead.news.models import ArticlePage

from . import metadata, services
from .blocks import EntryBlock
from .forms import LivePageForm

UPDATES = "updates"  # the address, under the page's, of the entries its readers poll


class LiveBlogPage(ArticlePage):
    """Live coverage of a running story."""

    page_description = "Coverage of a running story, posted entry by entry."

    class Status(models.TextChoices):
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LIVE)
    coverage_start = models.DateTimeField(
        null=True, blank=True, help_text="When the coverage began. Set on first publish."
    )
    coverage_end = models.DateTimeField(
        null=True, blank=True, help_text="When the coverage ended. Set by “End coverage”."
    )

    content_panels = [
        *ArticlePage.content_panels[:4],  # headline, standfirst, authors, lead photo
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("coverage_start"), FieldPanel("coverage_end")]),
            ],
            heading="Coverage",
            help_text="“End coverage” on the compose screen ends it; set Live again to reopen.",
        ),
        *ArticlePage.content_panels[4:],
    ]
    base_form_class = LivePageForm
    template = "live/live_blog_page.html"
    reads_query = True  # `?before=<entry>`: the older entries

    class Meta:
        verbose_name = "live page"

    @property
    def is_live(self):
        return self.status == self.Status.LIVE

    def save(self, *args, **kwargs):
        if self.live and self.coverage_start is None:
            self.coverage_start = self.first_published_at or self.published_at
        super().save(*args, **kwargs)

    def route(self, request, path_components):
        """The page itself, and `updates/`: its newest entries alone, for open pages to
        poll. Both are served through the wall (Wagtail's serve hooks) and the page cache."""
        if path_components == [UPDATES] and self.live:
            return RouteResult(self, kwargs={"part": UPDATES})
        return super().route(request, path_components)

    def serve(self, request, *args, part=None, **kwargs):
        if part == UPDATES:
            return services.updates_response(self, request, access=kwargs.get("access"))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, access=None, **kwargs):
        context = super().get_context(request, *args, access=access, **kwargs)
        if access is None:
            return context  # Wagtail's password form: nothing of the story
        context.update(services.entries_context(self, access, before=request.GET.get("before")))
        authors = context["authors"]
        context["json_ld"] = functools.cache(lambda: metadata.live_json_ld(self, authors, access))
        return context

    @cached_property
    def updates_url(self):
        return f"{self.url}{UPDATES}/"

    def cache_tags(self):
        return [*super().cache_tags(), f"live-{self.pk}"]


class Entry(models.Model):
    """One update of a live page."""

    page = models.ForeignKey(LiveBlogPage, on_delete=models.CASCADE, related_name="entries")
    posted_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when an entry is edited: readers see “Updated”."
    )
    headline = models.CharField(max_length=200, blank=True)
    body = StreamField(EntryBlock(), blank=True)
    authors = models.ManyToManyField("news.Author", blank=True, related_name="live_entries")
    key_event = models.BooleanField(
        "key event", default=False, help_text="Listed at the top, for readers to jump to."
    )
    pinned = models.BooleanField(default=False, help_text="Kept above the newest entries.")
    # Any change readers see (an edit, a pin): what their open pages' polls compare.
    changed_at = models.DateTimeField(editable=False)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "entries"
        ordering = ["-posted_at", "-pk"]
        indexes = [models.Index(fields=["page", "-posted_at", "-id"], name="live_entry_newest")]

    def __str__(self):
        return self.headline or f"Entry {self.pk}"

    def save(self, *args, **kwargs):
        self.changed_at = clock.now()
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        return f"entry-{self.pk}"
