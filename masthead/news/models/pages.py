import functools

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.functional import SimpleLazyObject, cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from masthead.access import policy, reading
from masthead.access.models import AccessLevel
from masthead.core import clock, generation, privacy

from ..admin.page_forms import ArticleForm
from ..admin.widgets import PhotoChooser, SnippetsChooser
from ..blocks import FrontPageBlocks, StoryBlock, require_credit


def paginate(request, queryset, per_page):
    """Return one page of `queryset` for `?page=`; junk means page 1, past the end a 404."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as error:
        raise Http404("No such page of results.") from error


class CachedPageMixin:
    """A page every reader may be given the same copy of (the wall's pass, `access.reading`,
    decides who, once per request): it says what a publish purges it by, and whether it
    reads the query string."""

    # Whether the page reads a query parameter (a listing's `?page=`). A page that reads none
    # is the same whatever the query string: the page cache answers `?page=<anything>` with
    # the bare address's copy instead of rendering the story again for each.
    reads_query = False

    def cache_tags(self):
        return [f"page-{self.pk}"]

    def get_view_restrictions(self):
        return privacy.view_restrictions(self)


class HomePage(CachedPageMixin, Page):
    """The front page: a lead story and top stories, then the latest, then the sections'
    blocks. Editors arrange what they want; the newest stories fill the rest."""

    strapline = models.CharField(max_length=200, blank=True, help_text="Shown under the site name.")
    lead_story = models.ForeignKey(
        "news.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story at the top. Leave empty to lead with the first top story below, "
        "or else the newest story.",
    )
    section_blocks = StreamField(
        FrontPageBlocks(),
        blank=True,
        help_text="The sections' blocks under the latest stories, in this order and size. "
        "Leave empty to show every section, in the site's order, at standard size.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("strapline"),
        PageChooserPanel("lead_story", "news.ArticlePage", heading="Lead story"),
        InlinePanel(
            "featured",
            heading="Top stories",
            label="top story",
            help_text="Shown beside the lead, in this order; the newest stories fill the "
            "places left.",
        ),
        FieldPanel("section_blocks", heading="Section blocks"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage", "core.StandardPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from .. import services

        context = super().get_context(request, *args, **kwargs)
        context.update(services.front_page_cards(request, self))
        return context


class HomePageFeatured(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured")
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("article")]


class SectionPage(CachedPageMixin, Page):
    """A section of the paper (Israel & the Region, World, Opinion…): lists its articles."""

    objects = privacy.KeptPageManager()  # `.public()` without a query
    reads_query = True  # its articles page by page: `?page=`

    description = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("description")]
    parent_page_types = ["news.HomePage"]
    # Every kind of story says it lives in a section (its `parent_page_types`): the
    # articles, and the kinds the apps above add (a live page), which this app knows nothing of.

    def get_context(self, request, *args, **kwargs):
        from .. import services

        context = super().get_context(request, *args, **kwargs)
        articles = services.articles_in_section(self)
        context["articles"] = services.listing(request, articles, "listing_in_section")
        return context


@generation.per_generation
def sections_by_path():
    """Every section by its place in the tree, kept in each process for a page-cache
    generation: a section's title or slug changes only when it is published, which starts a
    new one. Shared by every request of the process: read them, never change them."""
    return {section.path: section for section in SectionPage.objects.all()}


class ArticlePage(CachedPageMixin, Page):
    """A news story. Its title is the headline."""

    page_description = "A news story, published when it is ready."

    objects = privacy.KeptPageManager()  # `.public()` without a query

    standfirst = models.TextField(
        max_length=400, help_text="The sub-headline: one or two sentences under the headline."
    )
    dateline = models.CharField(max_length=80, blank=True, help_text='e.g. "JERUSALEM"')
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When the story first appeared. Set on first publish when empty.",
    )
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when a substantive update should be shown to readers."
    )
    lead_image = models.ForeignKey(
        "news.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_caption = models.TextField(
        blank=True, help_text="Leave empty to use the photo's own caption."
    )
    body = StreamField(StoryBlock(), blank=True)
    topics = ParentalManyToManyField("news.Topic", blank=True, related_name="articles")
    breaking = models.BooleanField(
        default=False, help_text="Breaking news: flagged on the site and offered for alerts."
    )
    access_level = models.CharField(
        max_length=20,
        blank=True,
        default="",
        choices=AccessLevel.choices,
        help_text="Who reads the whole story. Place a 'Wall here' block to choose the lead-in.",
    )

    content_panels = [
        # Wagtail's title panel: the headline fills the slug as it is typed, so a story saves
        # from the Content tab alone.
        TitleFieldPanel("title", heading="Headline", placeholder="Headline*"),
        FieldPanel("standfirst"),
        MultipleChooserPanel("bylines", chooser_field_name="author", label="Authors"),
        MultiFieldPanel(
            [FieldPanel("lead_image", widget=PhotoChooser), FieldPanel("lead_image_caption")],
            heading="Lead photo",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("published_at"), FieldPanel("updated_at")]),
                FieldPanel("dateline"),
                FieldPanel("topics", widget=SnippetsChooser("news.Topic", "Add a topic")),
                FieldPanel("breaking"),
                FieldPanel("access_level"),
            ],
            heading="Details",
        ),
        InlinePanel(
            "related_picks", heading="Read more (picks)", label="read-more pick", max_num=6
        ),
        InlinePanel("corrections", label="Correction", heading="Corrections"),
    ]
    base_form_class = ArticleForm  # at least one author
    parent_page_types = ["news.SectionPage"]
    subpage_types = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("published_at"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields(
            "bylines", [index.RelatedFields("author", [index.SearchField("name")])]
        ),
    ]

    class Meta:
        verbose_name = "article"

    @property
    def headline(self):
        return self.title

    @cached_property
    def section(self):
        """The section the article lives in (its parent)."""
        return sections_by_path().get(self.path[: -self.steplen]) or self.get_parent().specific

    @property
    def caption(self):
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""

    def clean(self):
        super().clean()
        try:
            require_credit(self.lead_image)
        except ValidationError as error:
            raise ValidationError({"lead_image": error}) from error

    def save(self, *args, **kwargs):
        if self.live and self.published_at is None:
            self.published_at = self.first_published_at or clock.now()
        super().save(*args, **kwargs)

    def get_preview_context(self, request, mode_name):
        # A preview is not served through Wagtail's serve hooks: it asks the wall here.
        return self.get_context(request, access=reading.decision_for(request, self))

    def get_context(self, request, *args, access=None, **kwargs):
        """The story as `access` (the wall's decision, `access.reading`) lets this reader
        read it. Without a decision (Wagtail's password form, served before the wall's pass),
        nothing of the story."""
        from .. import metadata, services

        context = super().get_context(request, *args, **kwargs)
        if access is None:
            return context
        decision = access
        blocks = SimpleLazyObject(lambda: policy.split_blocks(self, decision))
        authors = SimpleLazyObject(
            lambda: [byline.author for byline in self.bylines.select_related("author")]
        )
        # Everything below is read only when the page's cached fragments (its metadata, its
        # story) are missing: a page rendered with warm fragments asks for none of it.
        context.update(
            access=decision,
            lead_in=SimpleLazyObject(lambda: blocks[0]),
            gated_rest=SimpleLazyObject(lambda: blocks[1]),
            authors=authors,
            section=self.section,
            topics=SimpleLazyObject(lambda: self.topic_list),
            read_more=SimpleLazyObject(lambda: services.read_more(self)),
            cache_generation=generation.of_this_request(),
            # A preview renders the form's draft: it never reads nor fills the fragments kept
            # per live revision (a free story's decision does not say "preview").
            use_fragment_cache=not (decision.personal or getattr(request, "is_preview", False)),
            json_ld=functools.cache(lambda: metadata.article_json_ld(self, authors, decision)),
        )
        return context

    @cached_property
    def topic_list(self):
        """The article's topics, read once for the page, its metadata and the alerts opt-in.
        Read through the relation, not prefetched: in a preview they are the edit form's,
        which a query (or a prefetch) of the saved page would not see."""
        return list(self.topics.all())

    def cache_tags(self):
        return [f"page-{self.pk}", f"section-{self.section.pk}", "articles"]


class ArticleAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("news.Author", on_delete=models.PROTECT, related_name="bylines")

    panels = [FieldPanel("author")]


class ArticleRelated(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_picks")
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("article")]
