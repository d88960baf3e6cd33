"""What the reading side asks of the news: listings, the front page, "read more".

Every listing goes through `live_articles()`, so a draft, a private or an
expired story never shows up anywhere, and through `with_sections()`, so a
list of N stories costs a fixed number of queries.
"""

from collections import defaultdict, namedtuple

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from modelcluster.queryset import FakeQuerySet

from masthead.core import privacy

from . import cards
from .models import ArticleAuthor, ArticlePage
from .models.pages import paginate, sections_by_path

FRONT_PAGE_TOP_STORIES = 4
FRONT_PAGE_LATEST = 10
FRONT_PAGE_PER_SECTION = 4
FRONT_PAGE_MAX_PER_SECTION = 12
# The newest stories read at once for the front page: on most days each section's newest are
# among them, so sections cost no query of their own.
FRONT_PAGE_NEWEST = 200
READ_MORE_COUNT = 4


def live_articles():
    """Published, public articles, newest first, with what a story card shows."""
    return (
        _live()
        .select_related("lead_image")
        .prefetch_related(
            Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author"))
        )
    )


def _live():
    return ArticlePage.objects.live().public().order_by("-published_at", "-pk")


def with_sections(articles):
    """Attach `.section_page` to each article, from the sections each process keeps."""
    articles = list(articles)
    for article in articles:
        article.section_page = article.section
    return articles


def articles_in_section(section):
    return live_articles().child_of(section)


def articles_for_topic(topic):
    return live_articles().filter(topics=topic)


def articles_by_author(author):
    bylines = ArticleAuthor.objects.filter(author=author).values("page_id")
    return live_articles().filter(pk__in=bylines)


def _rows(queryset):
    """A listing as light rows (pk, live revision, path): no page is built."""
    return (
        queryset.select_related(None)
        .prefetch_related(None)
        .values_list("pk", "live_revision_id", "path", named=True)
    )


def _stories(queryset, limit):
    """The first stories of a listing as light rows."""
    return list(_rows(queryset)[:limit])


Story = namedtuple("Story", ["pk", "live_revision_id", "path"])  # a row, as `_rows` gives


def _picks(home, live):
    """The lead story and the top stories the editors chose that are live and public, the
    lead first, then the top stories in their order, as rows: one query.

    The top stories are read through the page: in a preview they are the edit form's, not
    saved yet, and a query of the saved page would not see them."""
    featured = home.featured.all()
    if isinstance(featured, FakeQuerySet):  # the form's picks, in memory
        order = {pick.article_id: place for place, pick in enumerate(featured)}
        if not order and home.lead_story_id is None:
            return []
        picked = Q(pk__in=list(order))
        place = Value(None, output_field=IntegerField())
    else:
        order = None
        picked = Q(pk__in=featured.values("article_id"))
        place = Subquery(featured.filter(article=OuterRef("pk")).values("sort_order")[:1])
    rows = (
        live.filter(picked | Q(pk=home.lead_story_id))
        .annotate(place=place)
        .values_list("pk", "live_revision_id", "path", "place")
    )

    def rank(row):
        if row[0] == home.lead_story_id:
            return -1
        place = order[row[0]] if order is not None else row[3]
        return place if place is not None else float("inf")

    return [Story(*row[:3]) for row in sorted(rows, key=rank)]


def front_page_sections(home):
    """The sections on the front page: the home page's live, public children, in the tree's
    order, from the sections each process keeps."""
    return [
        section
        for path, section in sorted(sections_by_path().items())
        if path.startswith(home.path)
        and section.depth == home.depth + 1
        and section.live
        and not privacy.is_private(section)
    ]


def listing(request, articles, variant="listing"):
    """One page (`?page=`) of a listing of articles (a section, a topic, an author), its
    stories as cards (see `cards`): the database is asked only which stories to show."""
    page = paginate(request, _rows(articles), settings.ARTICLES_PER_PAGE)
    wanted = [(row, variant) for row in page.object_list]
    html = cards.render(request, wanted, load=_articles_for_cards)
    page.object_list = [html[key] for row in page.object_list if (key := (row.pk, variant)) in html]
    return page


def front_page_stories(home):
    """Which stories the front page shows, as rows: lead, top stories, latest, and the
    newest stories of each section block that are not already on top."""
    live = _live()
    curated = _picks(home, live)
    picked = {story.pk for story in curated}
    on_top = FRONT_PAGE_LATEST + FRONT_PAGE_TOP_STORIES + 1
    limit = max(FRONT_PAGE_NEWEST, on_top)
    newest = _stories(live, limit)
    latest = newest[:on_top]
    # Fill the lead and top stories with the newest stories when editors picked fewer.
    top = curated + [story for story in latest if story.pk not in picked]
    top = top[: FRONT_PAGE_TOP_STORIES + 1]
    shown = {story.pk for story in top}
    latest = [story for story in latest if story.pk not in shown][:FRONT_PAGE_LATEST]
    sections = front_page_sections(home)
    arranged = section_arrangement(home, sections)
    return {
        "lead": top[0] if top else None,
        "top_stories": top[1:],
        "latest": latest,
        "section_blocks": _section_blocks(live, arranged, newest, len(newest) < limit, shown),
        "sections": sections,
    }


SectionBlock = namedtuple("SectionBlock", ["section", "size", "count"])
SECTION_SIZES = ("large", "standard", "compact")


def section_arrangement(home, sections):
    """The section blocks the editors arranged (section, size, number of stories), in their
    order, for the live, public `sections`; when none is arranged, every section at standard
    size. Read from the field's stored data, so no section is loaded from the database."""
    by_pk = {section.pk: section for section in sections}
    arranged = []
    for item in home.section_blocks.raw_data:
        value = item.get("value") or {}
        section = by_pk.get(value.get("section"))
        if item.get("type") != "section" or section is None:
            continue  # a section since unpublished, made private or deleted
        size = value.get("size") if value.get("size") in SECTION_SIZES else "standard"
        count = value.get("stories") if isinstance(value.get("stories"), int) else None
        count = min(max(count or FRONT_PAGE_PER_SECTION, 1), FRONT_PAGE_MAX_PER_SECTION)
        arranged.append(SectionBlock(section, size, count))
    if arranged:
        return arranged
    return [SectionBlock(section, "standard", FRONT_PAGE_PER_SECTION) for section in sections]


def _section_blocks(live, arranged, newest, every_story, shown):
    """Each arranged section's newest stories that are not `shown` on top, taken from
    `newest` (the newest of all, or every story when `every_story`). A quiet section, with
    too few among them, costs a query of its own."""
    in_section = defaultdict(list)
    for story in newest:
        in_section[story.path[: -ArticlePage.steplen]].append(story)
    blocks = []
    for section, size, count in arranged:
        stories = [story for story in in_section[section.path] if story.pk not in shown]
        if len(stories) < count and not every_story:
            stories = _stories(live.child_of(section), count + len(shown))
            stories = [story for story in stories if story.pk not in shown]
        if stories:
            blocks.append({"section": section, "size": size, "stories": stories[:count]})
    return blocks


# The card each front-page block shows (see `cards.VARIANTS`), a section block's by its size.
BLOCK_CARDS = {"lead": "lead", "top_stories": "top", "latest": "compact"}
SECTION_CARDS = {
    "large": "in_section_large",
    "standard": "in_section",
    "compact": "in_section_compact",
}


def _blocks_of(blocks, convert):
    """The front page's blocks with each block's rows turned into what `convert` makes of
    them (articles, cards), given the rows and the block's card variant."""
    lead = convert([blocks["lead"]] if blocks["lead"] else [], BLOCK_CARDS["lead"])
    return {
        "lead": lead[0] if lead else None,
        "top_stories": convert(blocks["top_stories"], BLOCK_CARDS["top_stories"]),
        "latest": convert(blocks["latest"], BLOCK_CARDS["latest"]),
        "section_blocks": [
            {
                "section": block["section"],
                "size": block["size"],
                "stories": convert(block["stories"], SECTION_CARDS[block["size"]]),
            }
            for block in blocks["section_blocks"]
        ],
        "sections": blocks["sections"],
    }


def _rows_of(blocks):
    """Every (row, card variant) the front page shows."""
    return [(row, variant) for rows, variant in _each_block(blocks) for row in rows]


def _each_block(blocks):
    yield ([blocks["lead"]] if blocks["lead"] else []), BLOCK_CARDS["lead"]
    yield blocks["top_stories"], BLOCK_CARDS["top_stories"]
    yield blocks["latest"], BLOCK_CARDS["latest"]
    for block in blocks["section_blocks"]:
        yield block["stories"], SECTION_CARDS[block["size"]]


def _articles_for_cards(pks):
    return with_sections(live_articles().filter(pk__in=pks))


def front_page(home):
    """The front page's blocks, with the articles themselves (for the Daily Edition)."""
    blocks = front_page_stories(home)
    by_pk = {a.pk: a for a in _articles_for_cards({row.pk for row, _ in _rows_of(blocks)})}
    return _blocks_of(blocks, lambda rows, _: [by_pk[r.pk] for r in rows if r.pk in by_pk])


def front_page_cards(request, home):
    """The front page's blocks as rendered cards (see `cards`), for the page itself."""
    blocks = front_page_stories(home)
    html = cards.render(request, _rows_of(blocks), load=_articles_for_cards)
    return _blocks_of(
        blocks,
        lambda rows, variant: [html[r.pk, variant] for r in rows if (r.pk, variant) in html],
    )


def read_more(article, count=READ_MORE_COUNT):
    """The editors' picks first, then stories sharing the most topics, then the section's newest.

    The picks and topics are read from the article itself, never asked of the database: in a
    preview they are the edit form's, not saved yet (and the article may never have been)."""
    chosen = []
    pick_ids = [pick.article_id for pick in article.related_picks.all() if pick.article_id]
    if pick_ids:
        by_id = {a.pk: a for a in live_articles().filter(pk__in=pick_ids)}
        chosen = [by_id[pk] for pk in pick_ids if pk in by_id]
    exclude = {pk for pk in (article.pk, *(a.pk for a in chosen)) if pk is not None}
    topic_ids = [topic.pk for topic in article.topic_list]
    if len(chosen) < count and topic_ids:
        same_topics = (
            live_articles()
            .filter(topics__in=topic_ids)
            .exclude(pk__in=exclude)
            .annotate(shared=Count("topics"))
            .order_by("-shared", "-published_at")[: count - len(chosen)]
        )
        chosen += list(same_topics)
        exclude |= {a.pk for a in chosen}
    if len(chosen) < count:
        parent = article.section
        chosen += list(
            live_articles().child_of(parent).exclude(pk__in=exclude)[: count - len(chosen)]
        )
    return with_sections(chosen[:count])
