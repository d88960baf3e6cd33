"""One import from a WordPress export, from the file to the report.

Two streamed passes over the file: the first brings the channel's authors, categories and
tags and every attachment (so a post finds its photos whatever their order in the file),
the second the posts and pages with their comments. Items are read a batch at a time: the new
photos and stories of a batch are written together (`bulk`), in one transaction; an item seen
before, a page, and every item of a batch that failed are written one at a time, each in its
own transaction with its `ImportedItem`. A failed item is reported and skipped, never
half-written, and a run killed at any moment resumes where it stopped. An item whose
fingerprint has not changed since the last run is left alone.
"""

import hashlib
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Page, Site

from masthead.core import clock, generation
from masthead.core.models import StandardPage
from masthead.news.models import (
    ArticleAuthor,
    ArticlePage,
    HomePage,
    HomePageFeatured,
    NewsImage,
)

from . import bulk, comments, content, media, people, redirects, tasks, wxr
from .models import ImportedItem, ImportRun, MissingPhoto
from .report import Report

CONTENT_KINDS = {"post": ImportedItem.Kind.POST, "page": ImportedItem.Kind.PAGE}
SKIPPED_TYPES = {
    "nav_menu_item": "menu items (menus are the site's own)",
    "revision": "revisions",
    "wp_navigation": "navigation menus",
    "custom_css": "theme CSS",
    "wp_global_styles": "theme styles",
    "wp_template": "theme templates",
    "wp_template_part": "theme templates",
    "wp_block": "reusable blocks",
}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
FOLLOW_UP_BATCH = 500
# New items are written together a batch at a time: up to 200, and never more than a
# fiftieth of the file, so a small export's killed run has still written most of what it read.
BATCH_MOST, BATCH_LEAST = 200, 10


class Rollback(Exception):
    """Raised at the end of a dry run to undo everything it wrote."""


def parse_date(gmt, local=None):
    """An aware UTC datetime from WordPress's "YYYY-MM-DD HH:MM:SS" (GMT first; the site's
    local time when the GMT one is empty, as for drafts); None for the zero date."""
    for value in (gmt, local):
        value = (value or "").strip()
        if value and not value.startswith("0000"):
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            except ValueError:
                continue
    return None


def fingerprint(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def uploads_path(url):
    """A file's path under the uploads folder ("2008/06/canola2-300x200.jpg")."""
    return unquote(urlsplit(url).path).split("/wp-content/uploads/", 1)[-1].lstrip("/")


def photo_path(url):
    """A photo file's address as stories refer to it: its uploads path without WordPress's
    "-300x200" size suffix."""
    return content.SIZE_SUFFIX.sub("", uploads_path(url))[:255]


# What in a story may name one of its photos: numbers (ids in classes, shortcodes and block
# comments) and addresses.
NUMBER = re.compile(r"\d{1,18}")
ADDRESS = re.compile(r"""(?:https?:)?//[^\s"'<>\]\[]+|(?<=src=["'])/[^"'<>]+""")


class Photos:
    """The photos a batch of stories may show, found by WordPress id, file address, or
    parent post (a gallery without ids): what content.Converter asks. Loaded for each batch
    (`load`) from what its stories name, so memory holds one batch's photos, never the
    archive's."""

    def __init__(self, source_site):
        self.source_site = source_site
        self.load([])

    def load(self, items):
        self.by_wp, self.by_path, self.by_base, self.children, self.old_urls = {}, {}, {}, {}, {}
        ids, paths, posts = set(), set(), set()
        for data in items:
            text = data.get("content", "")
            ids.update(int(n) for n in NUMBER.findall(text))
            ids.update(int(n) for n in NUMBER.findall(data["meta"].get("_thumbnail_id", "")))
            paths.update(photo_path(url) for url in ADDRESS.findall(text))
            if str(data.get("post_id", "")).isdigit():
                posts.add(int(data["post_id"]))
        if not (ids or paths or posts):
            return
        rows = (
            ImportedItem.objects.filter(
                source_site=self.source_site,
                kind=ImportedItem.Kind.ATTACHMENT,
                image__isnull=False,
            )
            .filter(Q(wp_id__in=ids) | Q(photo_path__in=paths) | Q(parent_wp_id__in=posts))
            .values_list(
                "wp_id", "source_url", "parent_wp_id", "image_id", "image__caption", "old_url"
            )
        )
        for row in rows:
            self.add(*row)

    def add(self, wp_id, url, parent, image_id, caption, old_url=""):
        self.by_wp[wp_id] = (image_id, caption)
        self.old_urls[wp_id] = old_url
        if url:
            self.by_path[uploads_path(url)] = wp_id
            self.by_base.setdefault(photo_path(url), wp_id)
        if parent:
            self.children.setdefault(parent, []).append(wp_id)

    def by_id(self, wp_id):
        try:
            return self.by_wp.get(int(wp_id))
        except (TypeError, ValueError):
            return None

    def by_url(self, url):
        wp_id = self.by_path.get(uploads_path(url)) or self.by_base.get(photo_path(url))
        return self.by_wp.get(wp_id) if wp_id else None

    def attached_to(self, post_id):
        return [self.by_wp[i] for i in sorted(self.children.get(post_id, []))]

    def pages_of(self, post_id):
        """(WordPress id, old address) of the photos attached to a post."""
        return [(i, self.old_urls[i]) for i in sorted(self.children.get(post_id, []))]


@dataclass
class Options:
    path: str
    media_dir: str | None = None
    media_from: str | None = None
    dry_run: bool = False
    sections: str | None = None


class Importer:
    def __init__(self, options, progress=None):
        self.options = options
        self.progress = progress or (lambda done, total, label: None)
        self.report = Report(file_name=str(options.path), dry_run=options.dry_run)
        self.damage = wxr.Damage()
        self.source_site = ""
        self.site_url = ""
        self.site_name = ""
        self.home = None
        self.mapping = {}
        self.items = {}  # (kind, wp_id) → ImportedItem, of this source site, for this run
        self.media = media.Media(options.media_dir, options.media_from, options.dry_run)
        self.sticky = []
        self.touched_articles = []
        self.touched_images = []
        self.run = None
        self.plans = bulk.FreshPlans()

    # The ImportedItem bookkeeping, shared with people.py.
    def find(self, kind, wp_id):
        key = (kind, wp_id)
        if key not in self.items:
            self.items[key] = ImportedItem.objects.filter(
                source_site=self.source_site, kind=kind, wp_id=wp_id
            ).first()
        return self.items[key]

    def find_many(self, kind, wp_ids):
        """Look a batch's items up in one query (they are then found without one)."""
        wanted = {int(i) for i in wp_ids if str(i).isdigit()} - {
            wp_id for k, wp_id in self.items if k == kind
        }
        for item in ImportedItem.objects.filter(
            source_site=self.source_site, kind=kind, wp_id__in=wanted
        ):
            self.items[(kind, item.wp_id)] = item
        for wp_id in wanted:
            self.items.setdefault((kind, wp_id), None)

    def keep(self, kind, wp_id, data, **fields):
        """Save the item's record (made or updated) and its old addresses' redirects."""
        item = self.record(kind, wp_id, data, **fields)
        item.save()
        self.items[(kind, wp_id)] = item
        redirects.record(item)
        return item

    def record(
        self,
        kind,
        wp_id,
        data,
        *,
        slug="",
        old_url="",
        page=None,
        image=None,
        obj=None,
        published_at=None,
        source_url="",
        parent_wp_id=None,
    ):
        """The item's record as it is now, unsaved."""
        now = clock.now()
        item = self.find(kind, wp_id) or ImportedItem(
            source_site=self.source_site, kind=kind, wp_id=wp_id, imported_at=now
        )
        item.old_url, item.slug, item.source_url = old_url, slug[:255], source_url
        item.photo_path = photo_path(source_url) if source_url else ""
        item.parent_wp_id, item.published_at = parent_wp_id, published_at
        item.page, item.image = page, image
        if obj is not None:
            item.content_type = ContentType.objects.get_for_model(obj)
            item.object_id = str(obj.pk)
        new_fingerprint = fingerprint(data)
        if kind in {ImportedItem.Kind.AUTHOR, ImportedItem.Kind.CATEGORY, ImportedItem.Kind.TAG}:
            changed = item.fingerprint != new_fingerprint
            self.report.count(
                kind, "created" if item.pk is None else "updated" if changed else "unchanged"
            )
        item.fingerprint = new_fingerprint
        item.updated_at = now
        return item

    def unchanged(self, kind, wp_id, data):
        item = self.find(kind, wp_id)
        return item is not None and item.fingerprint == fingerprint(data) and item.new_object

    # The run.
    def run_import(self):
        path = Path(self.options.path)
        if not path.is_file():
            raise wxr.WXRError(f"{path}: no such file.")
        if self.options.sections:
            self.mapping = people.read_mapping(self.options.sections)
        # A first read checks the whole file (cut short, not WXR, an XML bomb) before
        # anything is written, and counts its items for the progress bar.
        total = sum(kind == "item" for kind, _ in wxr.read(path, self.damage, post_types=()))
        if self.options.dry_run:
            try:
                with transaction.atomic():
                    self._run(path, total)
                    raise Rollback
            except Rollback:
                pass
        else:
            with commits_unawaited():
                self._run(path, total)  # each batch or item commits alone: a killed run resumes
        self.report.invalid_utf8 = self.damage.count
        self.report.invalid_utf8_lines = self.damage.lines
        return self.report

    def _run(self, path, total):
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        self.home = site.root_page.specific if site else HomePage.objects.first()
        if not isinstance(self.home, HomePage):
            self.home = HomePage.objects.first()
        if self.home is None:
            raise wxr.WXRError(
                "This site has no front page to import under; run `masthead demo` or create one."
            )
        self.run = ImportRun.objects.create(file_name=str(path), started_at=clock.now())
        self.batch_size = max(BATCH_LEAST, min(BATCH_MOST, total // 50))
        # Pass 1: the channel's people and places, and the attachments.
        done, batch = 0, []
        for kind, data in wxr.read(path, wxr.Damage(), post_types={"attachment"}):
            if kind == "site":
                self._site(data)
                self.people = people.People(self, self.mapping)
            elif kind == "author":
                self.people.add_author(data)
            elif kind == "category":
                self._each(
                    "category", data.get("id"), data.get("name"), self.people.add_category, data
                )
            elif kind == "tag":
                self._each("tag", data.get("id"), data.get("name"), self.people.add_tag, data)
            elif kind == "item":
                done += 1
                if data.get("post_type") == "attachment":
                    batch.append(data)
                if len(batch) == self.batch_size:
                    self._attachments(batch)
                    batch = []
                self.progress(done, total * 2, "photos")
        self._attachments(batch)
        self.photos = Photos(self.source_site)
        # Pass 2: posts and pages, with their comments.
        batch = []
        for kind, data in wxr.read(path, wxr.Damage(), post_types=set(CONTENT_KINDS)):
            if kind != "item":
                continue
            done += 1
            post_type = data.get("post_type", "")
            if post_type in CONTENT_KINDS:
                batch.append(data)
            elif post_type != "attachment":
                self.report.skipped[
                    SKIPPED_TYPES.get(post_type, f"items of type {post_type!r}")
                ] += 1
            if len(batch) == self.batch_size:
                self._stories(batch)
                batch = []
            self.progress(done, total * 2, "stories")
        self._stories(batch)
        self._place_orphan_pages()
        self._front_page_picks()
        self._follow_up()
        # Stories written in batches sent no publish signal: the front page, sections, feeds
        # and sitemaps kept before the import are dropped once, now.
        generation.purge_all()
        self.run.source_site = self.source_site
        self.run.finished_at = clock.now()
        self.run.counts = {kind: dict(counts) for kind, counts in self.report.outcomes.items()}
        self.run.save()

    def _site(self, data):
        self.source_site = (data.get("base_blog_url") or data.get("link") or "").rstrip("/")
        self.site_url = self.source_site
        self.site_name = data.get("title", "")
        self.report.source_site = self.source_site
        redirects.record_site(self.source_site)

    def _each(self, kind, wp_id, title, handler, data):
        """One item in its own transaction: a failure is reported and the item skipped."""
        data["source_site"] = self.source_site
        try:
            with transaction.atomic():
                outcome = handler(data)
        except Exception as error:  # noqa: BLE001 - any item's failure is reported, not fatal
            self.report.failures.append(
                (kind, wp_id, (title or "")[:80], f"{type(error).__name__}: {error}"[:300])
            )
            self.report.count(kind, "failed")
            self.items.clear()  # rows cached inside the rolled-back transaction are gone
            return
        if outcome:
            self.report.count(kind, outcome)

    def _in_bulk(self, kind, batch, write, one_at_a_time):
        """Write a batch's new items together; when that fails, each on its own (`_each`),
        so the item at fault is reported and the others kept."""
        if not batch:
            return
        mark = self.report.mark()
        try:
            write(self, batch)
        except Exception:  # noqa: BLE001 - the batch is written again item by item
            self.report.back_to(mark)
            self.items.clear()
            for data in batch:
                self._each(kind, data.get("post_id"), data.get("title"), one_at_a_time, data)
        self.plans.note(kind, len(batch))

    # Attachments.
    def _attachments(self, batch):
        """New photos together, the others (seen before, not photos) one at a time."""
        self.items.clear()  # what earlier batches looked up: memory stays flat
        for data in batch:
            data["source_site"] = self.source_site
        self.find_many(ImportedItem.Kind.ATTACHMENT, [d.get("post_id") for d in batch])
        new = []
        for data in batch:
            fresh = media.is_photo(data) and str(data.get("post_id", "")).isdigit()
            if fresh and self.find(ImportedItem.Kind.ATTACHMENT, int(data["post_id"])) is None:
                new.append(data)
            else:
                self._each(
                    "attachment", data.get("post_id"), data.get("title"), self._attachment, data
                )
        self._in_bulk("attachment", new, bulk.write_photos, self._attachment)

    def _attachment(self, data):
        wp_id = int(data["post_id"])
        if not media.is_photo(data):
            self.report.skipped["attachments that are not photos (kept on the old site)"] += 1
            return None
        if self.unchanged(ImportedItem.Kind.ATTACHMENT, wp_id, data):
            image = self.find(ImportedItem.Kind.ATTACHMENT, wp_id).image
            if not image.file.name.rsplit("/", 1)[-1].startswith("missing-") or not (
                self.options.media_dir or self.options.media_from
            ):
                self._note_missing(data, image)
                return "unchanged"
        item = self.find(ImportedItem.Kind.ATTACHMENT, wp_id)
        existed = item is not None and item.image_id is not None
        image, missing = media.photo(data, self.media, existing=item.image if existed else None)
        if missing:
            self.report.missing(wp_id, data.get("attachment_url", ""), missing)
        parent = int(data.get("post_parent") or 0) or None
        self.keep(
            ImportedItem.Kind.ATTACHMENT,
            wp_id,
            data,
            slug=data.get("post_name", ""),
            old_url=data.get("link", ""),
            image=image,
            published_at=parse_date(data.get("post_date_gmt"), data.get("post_date")),
            source_url=data.get("attachment_url", ""),
            parent_wp_id=parent,
        )
        self.touched_images.append(image.pk)
        return "updated" if existed else "created"

    def _note_missing(self, data, image):
        row = MissingPhoto.objects.filter(image=image, resolved_at__isnull=True).first()
        if row is not None:
            self.report.missing(row.wp_id, row.file_url, row.reason)

    # Posts and pages.
    def _stories(self, batch):
        """New posts together; pages, and posts seen before, one at a time."""
        self.items.clear()
        self.photos.load(batch)
        for data in batch:
            data["source_site"] = self.source_site
        self.find_many(ImportedItem.Kind.POST, [d.get("post_id") for d in batch])
        new = []
        for data in batch:
            if (
                data["post_type"] == "post"
                and str(data.get("post_id", "")).isdigit()
                and data.get("status", "") not in SKIPPED_STATUSES
                and self.find(ImportedItem.Kind.POST, int(data["post_id"])) is None
            ):
                new.append(data)
            else:
                self._each(
                    data["post_type"], data.get("post_id"), data.get("title"), self._content, data
                )
        self._in_bulk("post", new, bulk.write_stories, self._content)

    def _content(self, data):
        kind = CONTENT_KINDS[data["post_type"]]
        wp_id = int(data["post_id"])
        status = data.get("status", "")
        if status in SKIPPED_STATUSES:
            self.report.skipped[f"{data['post_type']}s with status {status}"] += 1
            return None
        sticky = data.get("is_sticky", "0").strip() == "1"
        if self.unchanged(kind, wp_id, data):
            item = self.find(kind, wp_id)
            if sticky and kind == ImportedItem.Kind.POST:
                self.sticky.append(item.page_id)
            redirects.record(item)
            return "unchanged"
        item = self.find(kind, wp_id)
        existing = item.page.specific if item and item.page_id else None
        converted = self.convert(data)
        if kind == ImportedItem.Kind.POST:
            page = self._article(data, converted, existing)
        else:
            page = self._standard_page(data, converted, existing)
        self._dates_and_state(page, data, existing)
        item = self.keep(
            kind,
            wp_id,
            data,
            slug=data.get("post_name", ""),
            old_url=data.get("link", ""),
            page=page,
            published_at=page.first_published_at,
            parent_wp_id=int(data.get("post_parent") or 0) or None,
        )
        kept = comments.import_comments(
            data, page, self.source_site, self.comment_dates(page), self.report
        )
        self.report.count("comment", "kept", kept)
        if sticky and kind == ImportedItem.Kind.POST:
            self.sticky.append(page.pk)
        if isinstance(page, ArticlePage):
            self.touched_articles.append(page.pk)
        return "updated" if existing else "created"

    def convert(self, data):
        """The item's content as story blocks; what the report should say of it is noted."""
        converted = content.convert(data.get("content", ""), self.photos, int(data["post_id"]))
        for name in converted.unknown_shortcodes:
            self.report.unknown_shortcodes[name] += 1
        for text in converted.notes:
            self.report.note(data["post_type"], data["post_id"], text)
        return converted

    @staticmethod
    def published(data):
        return parse_date(data.get("post_date_gmt"), data.get("post_date"))

    @staticmethod
    def modified(data):
        return parse_date(data.get("post_modified_gmt"), data.get("post_modified"))

    @staticmethod
    def comment_dates(page):
        return lambda gmt, local: parse_date(gmt, local) or page.first_published_at or clock.now()

    def _title(self, data):
        title = " ".join((data.get("title") or "").split())
        if not title:
            self.report.note(data["post_type"], data["post_id"], "no title: imported as (untitled)")
        return title[:255] or "(untitled)"

    @staticmethod
    def base_slug(data):
        base = slugify(unquote(data.get("post_name") or ""), allow_unicode=True) or slugify(
            data.get("title") or "", allow_unicode=True
        )
        return (base or f"{data['post_type']}-{data['post_id']}")[:240]

    def _slug(self, data, parent, existing):
        base = self.base_slug(data)
        siblings = Page.objects.child_of(parent)
        if existing is not None:
            siblings = siblings.exclude(pk=existing.pk)
        taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
        return self.free_slug(data, parent, taken)

    def free_slug(self, data, parent, taken):
        """The item's slug, suffixed when a sibling has it (`taken`), with a note."""
        base = self.base_slug(data)
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        if slug != base:
            self.report.note(
                data["post_type"],
                data["post_id"],
                f"slug {base!r} already taken in {parent.title!r}: imported as {slug!r}",
            )
        return slug

    def _article(self, data, converted, existing):
        page = existing or ArticlePage()
        section, topics, authors = self.article_fields(page, data, converted)
        page.topics = topics
        page.bylines = [ArticleAuthor(author=a) for a in authors]
        page.slug = self._slug(data, section, existing)
        if existing is None:
            page.live = False
            section.add_child(instance=page)
        elif page.get_parent().pk != section.pk:
            page.move(section, pos="last-child")
            page.refresh_from_db(fields=["path", "depth", "url_path"])
        return page

    def article_fields(self, page, data, converted):
        """The post's words, photo and dates onto `page`: (section, topics, authors)."""
        section, topics = self.people.places(data)
        page.title = self._title(data)
        seo_title, description = people.seo(data["meta"], page.title, self.site_name)
        excerpt = content.plain_text(data.get("excerpt", ""))
        page.standfirst = (excerpt or description)[:400]
        page.seo_title, page.search_description = seo_title, description
        page.body = converted.blocks
        thumbnail = self.photos.by_id(data["meta"].get("_thumbnail_id"))
        page.lead_image_id = thumbnail[0] if thumbnail else None
        return section, topics, self.people.bylines(data)

    def _standard_page(self, data, converted, existing):
        parent_wp = int(data.get("post_parent") or 0)
        parent_item = self.find(ImportedItem.Kind.PAGE, parent_wp) if parent_wp else None
        parent = parent_item.page.specific if parent_item and parent_item.page_id else self.home
        page = existing or StandardPage()
        page.title = self._title(data)
        page.seo_title, page.search_description = people.seo(
            data["meta"], page.title, self.site_name
        )
        page.body = blocks_to_html(converted.blocks)
        page.slug = self._slug(data, parent, existing)
        if existing is None:
            page.live = False
            parent.add_child(instance=page)
        return page

    def _dates_and_state(self, page, data, existing):
        """WordPress's dates and status onto the page, and a revision of it."""
        self.dates(page, data)
        status = data.get("status", "")
        published = parse_date(data.get("post_date_gmt"), data.get("post_date"))
        modified = parse_date(data.get("post_modified_gmt"), data.get("post_modified"))
        live = page.live
        revision = page.save_revision(
            approved_go_live_at=page.go_live_at if status == "future" else None,
            log_action=False,
            clean=False,
        )
        page.has_unpublished_changes = not live
        page.live_revision = revision if live else None
        page.save(clean=False)
        if revision.created_at != (modified or clock.now()):
            type(revision).objects.filter(pk=revision.pk).update(
                created_at=modified or published or clock.now()
            )

    def dates(self, page, data):
        """WordPress's dates and status onto the page (unsaved), with the report's notes."""
        status = data.get("status", "")
        published = parse_date(data.get("post_date_gmt"), data.get("post_date"))
        modified = parse_date(data.get("post_modified_gmt"), data.get("post_modified"))
        kind, wp_id = data["post_type"], data["post_id"]
        page.go_live_at = None
        live = status == "publish"
        if status == "future":
            page.go_live_at = published
            self.report.note(kind, wp_id, f"scheduled: goes live at {published:%Y-%m-%d %H:%M} UTC")
        elif status == "private":
            self.report.note(kind, wp_id, "private in WordPress: imported unpublished")
        elif status in {"draft", "pending"}:
            pass
        elif status != "publish":
            self.report.note(kind, wp_id, f"status {status!r}: imported unpublished")
        if live and published is None:
            published = modified or clock.now()
            self.report.note(kind, wp_id, "no publication date: the import's time is used")
        page.live = live
        page.first_published_at = published if live else None
        page.last_published_at = (modified or published) if live else None
        if isinstance(page, ArticlePage):
            page.published_at = published if live or status == "future" else None
            page.updated_at = (
                modified if live and published and modified and modified > published else None
            )

    def _place_orphan_pages(self):
        """Pages whose parent page came later in the file (or in a later, resumed run) move
        under it now."""
        pages = ImportedItem.objects.filter(
            source_site=self.source_site, kind=ImportedItem.Kind.PAGE, parent_wp_id__isnull=False
        ).values_list("page_id", "parent_wp_id")
        parents = dict(
            ImportedItem.objects.filter(
                source_site=self.source_site, kind=ImportedItem.Kind.PAGE
            ).values_list("wp_id", "page_id")
        )
        for page_id, parent_wp_id in list(pages):
            parent_id = parents.get(parent_wp_id)
            if not (page_id and parent_id):
                continue
            with transaction.atomic():  # read afresh: every move rewrites the tree's paths
                page, parent = Page.objects.get(pk=page_id), Page.objects.get(pk=parent_id)
                if page.get_parent().pk != parent.pk and not parent.is_descendant_of(page):
                    page.move(parent, pos="last-child")

    def _front_page_picks(self):
        """Sticky posts become the front page's top stories (once each)."""
        chosen = set(
            HomePageFeatured.objects.filter(page=self.home).values_list("article_id", flat=True)
        )
        order = len(chosen)
        for page_id in dict.fromkeys(self.sticky):
            article = ArticlePage.objects.filter(pk=page_id, live=True).first()
            if article is None or page_id in chosen:
                continue
            HomePageFeatured.objects.create(page=self.home, article=article, sort_order=order)
            order += 1
            self.report.count("front-page pick", "added")

    def _follow_up(self):
        """The search index, renditions and reference index, built by the task worker in
        batches once the import is committed."""
        if self.options.dry_run:
            return
        # What this run wrote, and what a run killed before its end wrote and never queued.
        last = (
            ImportRun.objects.filter(source_site=self.source_site, finished_at__isnull=False)
            .order_by("-finished_at")
            .first()
        )
        since = ImportedItem.objects.filter(source_site=self.source_site)
        if last is not None:
            since = since.filter(updated_at__gt=last.finished_at)
        batches = []
        articles = sorted(
            set(self.touched_articles)
            | set(since.filter(kind=ImportedItem.Kind.POST).values_list("page_id", flat=True))
            - {None}
        )
        images = sorted(
            set(self.touched_images)
            | set(
                since.filter(kind=ImportedItem.Kind.ATTACHMENT).values_list("image_id", flat=True)
            )
            - {None}
        )
        for start in range(0, len(articles), FOLLOW_UP_BATCH):
            chunk = articles[start : start + FOLLOW_UP_BATCH]
            batches += [("index", chunk), ("references", chunk)]
        for start in range(0, len(images), FOLLOW_UP_BATCH):
            chunk = images[start : start + FOLLOW_UP_BATCH]
            batches += [("photo index", chunk), ("renditions", chunk)]
        self.run.tasks_total = len(batches)
        self.run.save(update_fields=["tasks_total"])
        self.report.tasks_queued = len(batches)
        run_id = self.run.pk
        for job, ids in batches:
            transaction.on_commit(
                lambda job=job, ids=ids: tasks.follow_up.enqueue(run_id, job, ids)
            )


@contextmanager
def commits_unawaited():
    """On PostgreSQL, commits that return without waiting for the disk: a server that
    crashes loses the last moment's batches whole (each is one transaction), and the next
    run imports them again, as after a killed run."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO DEFAULT")


def blocks_to_html(blocks):
    """A standard page's rich text from story blocks: its photos as the editor's image
    embeds, each with its caption and credit below, embeds as links."""
    photos = NewsImage.objects.in_bulk(
        [block["value"]["image"] for block in blocks if block["type"] == "image"]
    )
    parts = []
    for block in blocks:
        if block["type"] == "paragraph":
            parts.append(block["value"])
        elif block["type"] == "subheading":
            parts.append(f"<h2>{escape(block['value'])}</h2>")
        elif block["type"] == "pull_quote":
            parts.append(f"<p><i>{escape(block['value']['quote'])}</i></p>")
        elif block["type"] == "embed":
            url = escape(block["value"])
            parts.append(f'<p><a href="{url}">{url}</a></p>')
        elif block["type"] == "image" and (photo := photos.get(block["value"]["image"])):
            alt = escape(photo.description or photo.title)
            parts.append(
                f'<embed embedtype="image" id="{photo.pk}" format="fullwidth" alt="{alt}"/>'
            )
            caption = block["value"]["caption"] or photo.caption
            words = " ".join(w for w in (caption, f"({photo.credit})" if photo.credit else "") if w)
            if words:
                parts.append(f"<p><small>{escape(words)}</small></p>")
    return "\n".join(parts)


def report_path(started):
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"wordpress-{started:%Y%m%d-%H%M%S}.txt"
