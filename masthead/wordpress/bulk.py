"""New photos and stories written a batch at a time: what makes a large archive's first
import fast.

Saved one at a time, a story costs about thirty queries: Wagtail's tree bookkeeping
(treebeard's `add_child`), a revision and a second save, and on every save the signals' search
index and reference index tasks. A first import is almost all new items, so a batch of new
items is prepared in memory (content converted, people and places found, slugs and tree paths
chosen) and written with a few multi-row INSERTs in one transaction. When anything in a batch
fails, the importer writes it again one item at a time (`Importer._in_bulk`), so the item at
fault is reported and the others kept, as for any item. What the signals would have done is
done after the import by the task worker, for every imported item (`tasks.follow_up`).

Django's `bulk_create` refuses models of multi-table inheritance, as a story is (Wagtail's
page row and the story's own): the page rows go through `Page.objects.bulk_create`, which
returns their ids on PostgreSQL and SQLite, and the story rows through the same multi-row
insert the ORM uses inside `bulk_create` (`QuerySet._insert`).
"""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import CharField, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from wagtail.models import Page, Revision

from masthead.comments.models import Comment
from masthead.core import clock
from masthead.news.models import ArticleAuthor, ArticlePage, NewsImage

from . import comments, media, redirects
from .models import ImportedComment, ImportedItem, MissingPhoto

INSERT_ROWS = 500  # rows per multi-row INSERT, well under the databases' parameter limits


def write_photos(run, batch):
    """The photos of new attachments: their files stored, then one transaction."""
    made = []
    for data in batch:
        image, missing = media.new_photo(data, run.media)
        made.append((data, image, missing))
    parents = {int(d.get("post_parent") or 0) for d in batch} - {0}
    stories = dict(
        ImportedItem.objects.filter(
            source_site=run.source_site,
            kind__in=(ImportedItem.Kind.POST, ImportedItem.Kind.PAGE),
            wp_id__in=parents,
            page__isnull=False,
        ).values_list("wp_id", "page_id")
    )
    with transaction.atomic():
        NewsImage.objects.bulk_create([image for _, image, _ in made], batch_size=INSERT_ROWS)
        MissingPhoto.objects.bulk_create(
            [media.missing_photo(d, image, why) for d, image, why in made if why],
            batch_size=INSERT_ROWS,
        )
        items = [
            run.record(
                ImportedItem.Kind.ATTACHMENT,
                int(data["post_id"]),
                data,
                slug=data.get("post_name", ""),
                old_url=data.get("link", ""),
                image=image,
                published_at=run.published(data),
                source_url=data.get("attachment_url", ""),
                parent_wp_id=int(data.get("post_parent") or 0) or None,
            )
            for data, image, _ in made
        ]
        ImportedItem.objects.bulk_create(items, batch_size=INSERT_ROWS)
        redirects.record_photos(
            items, lambda wp_id: Page(id=stories[wp_id]) if wp_id in stories else None
        )
    for (data, image, missing), item in zip(made, items, strict=True):
        run.items[(ImportedItem.Kind.ATTACHMENT, item.wp_id)] = item
        run.touched_images.append(image.pk)
        if missing:
            run.report.missing(item.wp_id, data.get("attachment_url", ""), missing)
        run.report.count("attachment", "created")


def write_stories(run, batch):
    """New posts: prepared in memory, then written in one transaction."""
    stories = []
    for data in batch:
        page = ArticlePage()
        section, topics, authors = run.article_fields(page, data, run.convert(data))
        run.dates(page, data)
        page.draft_title = page.title
        page.has_unpublished_changes = not page.live
        stories.append((data, page, section, topics, authors))
    with transaction.atomic():
        Tree(run).place([(data, page, section) for data, page, section, _, _ in stories])
        insert_pages([page for _, page, _, _, _ in stories])
        bylines = []
        through = ArticlePage.topics.through
        topic_rows = []
        for _, page, _, topics, authors in stories:
            # Kept on the page too, as its revision records them.
            page.bylines = [
                ArticleAuthor(page_id=page.pk, author=author, sort_order=order)
                for order, author in enumerate(authors)
            ]
            page.topics = topics
            bylines += page.bylines.all()
            topic_rows += [through(articlepage_id=page.pk, topic_id=t.pk) for t in topics]
        ArticleAuthor.objects.bulk_create(bylines, batch_size=INSERT_ROWS)
        through.objects.bulk_create(topic_rows, batch_size=INSERT_ROWS)
        add_revisions([(data, page) for data, page, _, _, _ in stories], run)
        items = [
            run.record(
                ImportedItem.Kind.POST,
                int(data["post_id"]),
                data,
                slug=data.get("post_name", ""),
                old_url=data.get("link", ""),
                page=page,
                published_at=page.first_published_at,
                parent_wp_id=int(data.get("post_parent") or 0) or None,
            )
            for data, page, _, _, _ in stories
        ]
        ImportedItem.objects.bulk_create(items, batch_size=INSERT_ROWS)
        kept = comments.create_comments(
            [(data, page, run.comment_dates(page)) for data, page, _, _, _ in stories],
            run.source_site,
            run.report,
        )
        redirects.record_stories(items, run.photos.pages_of)
    run.report.count("comment", "kept", kept)
    for (data, page, _, _, _), item in zip(stories, items, strict=True):
        run.items[(ImportedItem.Kind.POST, item.wp_id)] = item
        run.touched_articles.append(page.pk)
        if data.get("is_sticky", "0").strip() == "1":
            run.sticky.append(page.pk)
        run.report.count("post", "created")


class Tree:
    """Where each new story goes in Wagtail's page tree: the next free path under its
    section (treebeard's materialised paths, read once per section and batch) and a slug no
    sibling has."""

    def __init__(self, run):
        self.run = run

    def place(self, stories):
        by_section = defaultdict(list)
        for data, page, section in stories:
            by_section[section.pk].append((data, page, section))
        for group in by_section.values():
            self._under(group[0][2], group)

    def _under(self, section, group):
        siblings = Page.objects.child_of(section)
        last = siblings.order_by("-path").values_list("path", flat=True).first()
        step = Page._str2int(last[-Page.steplen :]) if last else 0
        bases = {self.run.base_slug(data) for data, _, _ in group}
        taken = set(
            siblings.filter(reduce(or_, (Q(slug__startswith=b) for b in bases))).values_list(
                "slug", flat=True
            )
        )
        depth = section.depth + 1
        for data, page, _ in group:
            step += 1
            page.slug = self.run.free_slug(data, section, taken)
            taken.add(page.slug)
            page.path = Page._get_path(section.path, depth, step)
            page.depth = depth
            page.url_path = f"{section.url_path}{page.slug}/"
            page.locale_id = section.locale_id
        Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + len(group))
        # The section object is the one `add_child` uses for the stories written one at a
        # time: treebeard trusts its count of children.
        section.numchild += len(group)


def insert_pages(pages):
    """Insert new stories: Wagtail's page rows, then the stories' own."""
    Page.objects.bulk_create(pages, batch_size=INSERT_ROWS)
    for page in pages:
        page.page_ptr_id = page.id
        # Written here, read from memory when the revision is made: nothing to query.
        page.corrections, page.related_picks, page.wagtail_admin_comments = [], [], []
    fields = ArticlePage._meta.local_concrete_fields
    for start in range(0, len(pages), INSERT_ROWS):
        ArticlePage.objects._insert(pages[start : start + INSERT_ROWS], fields=fields)


def add_revisions(stories, run):
    """Each story's first revision, dated as WordPress last changed it, as the live one when
    the story is published."""
    page_type = ContentType.objects.get_for_model(Page)
    story_type = ContentType.objects.get_for_model(ArticlePage)
    revisions = []
    for data, page in stories:
        created = run.modified(data) or run.published(data) or clock.now()
        revisions.append(
            Revision(
                content_type=story_type,
                base_content_type=page_type,
                object_id=str(page.pk),
                created_at=created,
                content=page.serializable_data(),
                object_str=str(page),
                approved_go_live_at=page.go_live_at,
            )
        )
    Revision.objects.bulk_create(revisions, batch_size=INSERT_ROWS)
    # Each page takes its revision in one UPDATE the database joins (bulk_update would build
    # a CASE of every page in Python).
    ids = [page.pk for _, page in stories]
    of_page = Revision.objects.filter(
        base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField())
    ).order_by("-created_at", "-pk")
    Page.objects.filter(pk__in=ids).update(
        latest_revision=Subquery(of_page.values("pk")[:1]),
        latest_revision_created_at=Subquery(of_page.values("created_at")[:1]),
    )
    Page.objects.filter(pk__in=ids, live=True).update(live_revision=F("latest_revision"))
    for (_, page), revision in zip(stories, revisions, strict=True):
        page.latest_revision_id = revision.pk
        page.latest_revision_created_at = revision.created_at
        page.live_revision_id = revision.pk if page.live else None


class FreshPlans:
    """PostgreSQL checks the foreign keys of every row written with a plan it makes once per
    connection, while the tables are still small: then a plan that reads the whole page table
    for each check, so that every batch is slower than the last (a 100,000-story import read
    four billion rows that way). Each time the written rows have doubled, the tables'
    statistics are brought up to date, which makes the server plan those checks again.
    Counted per kind of item, as photos and stories fill different tables."""

    def __init__(self):
        self.written = defaultdict(int)
        self.next_at = defaultdict(lambda: 1000)

    def note(self, kind, written):
        self.written[kind] += written
        if self.written[kind] < self.next_at[kind] or connection.vendor != "postgresql":
            return
        self.next_at[kind] *= 2
        models = (
            Page,
            ArticlePage,
            ArticleAuthor,
            ArticlePage.topics.through,
            Revision,
            NewsImage,
            MissingPhoto,
            ImportedItem,
            ImportedComment,
            Comment,
            redirects.Redirect,
        )
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")  # noqa: S608 - the models' own table names
