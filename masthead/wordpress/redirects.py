"""Old WordPress addresses answering 301 to their new homes, through Wagtail's redirects.

After each item the importer calls `record(item)` (or, for a batch of new items,
`record_photos` and `record_stories`), and once a run `record_site`: every address WordPress
answered for an item becomes a `wagtail.contrib.redirects` Redirect (permanent, for every site):

- a post, page or attachment: its permalink (the `<link>` of the export, whatever the old
  site's structure: `/2008/09/02/slug/`, `/2008/09/slug/`, `/slug/`, `/archives/123`, a page's
  `/parent/child/`, an attachment's page), the permalink's comments feed (`…/feed/`), and
  its query addresses (`/?p=ID`; a page's `/?page_id=ID`; an attachment's `/?attachment_id=ID`
  and its file under `/wp-content/uploads/`);
- a category: `/category/parent/child/` (nested by its parents), `/?cat=ID`, and its feeds;
  a tag: `/tag/slug/`, `/?tag=slug` and its feeds; an author: `/author/name/`,
  `/?author=ID` and its feeds;
- and, once per site, the site's feeds: `/feed/` (`rss2`, `rss`, `atom`, `rdf`), `/?feed=…`,
  `/comments/feed/`.

A post or page points at its page (the redirect follows it when it moves); an attachment at
the story it was attached to, else at its photo's file; a category at its section or topic;
a tag at its topic; an author at their page; feeds at the matching Masthead feed.

Paths answer through Wagtail's `RedirectMiddleware`, which looks a redirect up when nothing
else answered (404): no page of the site is ever hidden by an old address. Query addresses
are different: `/?p=123` is the front page's address to every layer that reads the path, so
`QueryAddressMiddleware` answers them before the page cache, and `queryparams` keeps their
names on the site's root (nginx's map `$masthead_root_query` does the same).
"""

import logging
from urllib.parse import urlsplit

from django import http
from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from masthead.core import queryparams
from masthead.news.models import Author, SectionPage, Topic

from .models import ImportedItem

logger = logging.getLogger(__name__)

# WordPress's query addresses on the site's root (`/?p=123`), and the ones of its front
# controller (`/index.php?p=123`).
QUERY_NAMES = ("p", "page_id", "attachment_id", "cat", "tag", "author", "feed")
ROOTS = ("/", "/index.php")
# The feed variants WordPress answers under every feed address, with Masthead's kind of feed.
FEED_VARIANTS = {
    "feed/": "rss",
    "feed/rss2/": "rss",
    "feed/rss/": "rss",
    "feed/rdf/": "rss",
    "feed/atom/": "atom",
}
QUERY_FEEDS = {"rss2": "rss", "rss": "rss", "rdf": "rss", "atom": "atom", "comments-rss2": "rss"}
TAXONOMY_BASES = {ImportedItem.Kind.CATEGORY: "category", ImportedItem.Kind.TAG: "tag"}
MAX_PATH = Redirect._meta.get_field("old_path").max_length


def record(item):
    """Make every old address of `item` (an `ImportedItem`) answer 301 to its new home.

    Safe to call again: an address already recorded is pointed at the item's home as it is
    now, nothing is added twice. Returns the old paths it answers for."""
    return _save(_item_addresses(item, _base_path(item.source_site)))


def record_site(source_site):
    """The old site's own feeds (`/feed/`, `/?feed=rss2`, `/comments/feed/`), once a run."""
    return _save(_site_addresses(_base_path(source_site)))


def record_photos(items, story_of):
    """Many new attachments at once (`bulk`): `story_of(wp_id)` is the page of the story an
    attachment was attached to when that story is imported already, else None."""
    addresses = {}
    for item in items:
        base = _base_path(item.source_site)
        addresses.update(_attachment_addresses(item, base, story_of(item.parent_wp_id)))
    return _save(addresses)


def record_stories(items, photos_of):
    """Many new posts at once (`bulk`): `photos_of(wp_id)` lists the (WordPress id, old
    address) of the photos attached to a story, whose pages now lead to it."""
    addresses = {}
    for item in items:
        base = _base_path(item.source_site)
        addresses.update(_post_addresses(item, base, item.page, photos_of(item.wp_id)))
    return _save(addresses)


# --- what each kind of item answered for ------------------------------------------------


def _item_addresses(item, base):
    """{old path: target} for one item; a target is a Page or a path on this site."""
    kind = item.kind
    if kind in (ImportedItem.Kind.POST, ImportedItem.Kind.PAGE):
        photos = ImportedItem.objects.filter(
            source_site=item.source_site,
            kind=ImportedItem.Kind.ATTACHMENT,
            parent_wp_id=item.wp_id,
        ).values_list("wp_id", "old_url")
        return _post_addresses(item, base, item.page, photos)
    if kind == ImportedItem.Kind.ATTACHMENT:
        story = (
            ImportedItem.objects.filter(
                source_site=item.source_site,
                kind__in=(ImportedItem.Kind.POST, ImportedItem.Kind.PAGE),
                wp_id=item.parent_wp_id,
                page__isnull=False,
            )
            .select_related("page")
            .first()
            if item.parent_wp_id
            else None
        )
        return _attachment_addresses(item, base, story.page if story else None)
    if kind in TAXONOMY_BASES:
        return _term_addresses(item, base)
    if kind == ImportedItem.Kind.AUTHOR:
        return _author_addresses(item, base)
    return {}


def _post_addresses(item, base, target, photos):
    if target is None:
        return {}
    addresses = {f"{base}?p={item.wp_id}": target}
    if item.kind == ImportedItem.Kind.PAGE:
        addresses[f"{base}?page_id={item.wp_id}"] = target
    link = _path(item.old_url)
    if link and not _is_root(link, base):
        addresses[link] = target
        if "?" not in link:
            addresses[_join(link, "feed/")] = target  # its comments' feed: the story itself
    # Its photos' pages, recorded before the story existed (the import reads photos first).
    for wp_id, old_url in photos:
        addresses.update(_attachment_pages(wp_id, old_url, base, target))
    return addresses


def _attachment_addresses(item, base, story):
    """An attachment's addresses: its pages to the story it was attached to (else to its
    file), its old file to its photo's file."""
    target = story or (item.image.file.url if item.image_id else None)
    if target is None:
        return {}
    addresses = _attachment_pages(item.wp_id, item.old_url, base, target)
    if item.image_id and (file_path := _path(item.source_url)):
        addresses[file_path] = item.image.file.url  # the old file: the photo's file
    return addresses


def _attachment_pages(wp_id, old_url, base, target):
    addresses = {
        f"{base}?attachment_id={wp_id}": target,
        f"{base}?p={wp_id}": target,
    }
    link = _path(old_url)
    if link and not _is_root(link, base):
        addresses[link] = target
    return addresses


def _term_addresses(item, base):
    home = item.new_object
    if isinstance(home, SectionPage):
        target, feed_kind, slug = home, "section", home.slug
    elif isinstance(home, Topic):
        target, feed_kind, slug = home.get_absolute_url(), "topic", home.slug
    else:
        return {}
    taxonomy = TAXONOMY_BASES[item.kind]
    if item.kind == ImportedItem.Kind.CATEGORY:
        addresses = {f"{base}?cat={item.wp_id}": target}
        slugs = _category_path(item)
    else:
        addresses = {f"{base}?tag={item.slug}": target}
        slugs = [item.slug]
    archive = f"{base}{taxonomy}/{'/'.join(slugs)}/"
    links = {archive, _path(item.old_url)} - {""}
    for link in links:
        addresses[link] = target
        addresses.update(_feeds(link, f"/feeds/{feed_kind}/{slug}/"))
    return addresses


def _author_addresses(item, base):
    author = item.new_object
    if not isinstance(author, Author):
        return {}
    target = author.get_absolute_url()
    addresses = {f"{base}?author={item.wp_id}": target}
    # WordPress's author address is its user_nicename: the login, lowercased, '.' and spaces
    # as '-'. Both forms, since a login can be used as it is.
    names = {item.slug, item.slug.lower().replace(".", "-").replace(" ", "-")} - {""}
    for name in names:
        link = f"{base}author/{name}/"
        addresses[link] = target
        addresses.update(_feeds(link, f"/feeds/author/{author.slug}/"))
    return addresses


def _site_addresses(base):
    addresses = _feeds(base, "/feeds/")
    for name, kind in QUERY_FEEDS.items():
        addresses[f"{base}?feed={name}"] = f"/feeds/{kind}/"
    addresses[f"{base}comments/feed/"] = "/feeds/rss/"
    return addresses


def _feeds(link, feed_base):
    """The feed variants under an old address, to the feed of its new home."""
    return {_join(link, variant): f"{feed_base}{kind}/" for variant, kind in FEED_VARIANTS.items()}


def _category_path(item):
    """The category's slug after its parents' (`/category/news/local/`), parents first."""
    slugs, seen, current = [item.slug], {item.wp_id}, item
    while current.parent_wp_id and current.parent_wp_id not in seen:
        seen.add(current.parent_wp_id)
        current = ImportedItem.objects.filter(
            source_site=item.source_site, kind=item.kind, wp_id=current.parent_wp_id
        ).first()
        if current is None:
            break
        slugs.insert(0, current.slug)
    return slugs


# --- paths ---------------------------------------------------------------------------------


def _base_path(source_site):
    """The old site's path ("/", or "/blog/" for a WordPress in a folder)."""
    path = urlsplit(source_site or "").path
    return path.rstrip("/") + "/"


def _path(url):
    """An old URL's path and query, as a reader's browser sends them."""
    if not url:
        return ""
    parts = urlsplit(url)
    return (
        parts.path + (f"?{parts.query}" if parts.query else "") if parts.path or parts.query else ""
    )


def _join(link, tail):
    return link.rstrip("/") + "/" + tail


def _is_root(link, base):
    return link.rstrip("/") == base.rstrip("/")


# --- storing ------------------------------------------------------------------------------


def _save(addresses):
    """Create or update one Redirect per old path, in a few queries."""
    wanted = {}
    for old, target in addresses.items():
        path = Redirect.normalise_path(old)
        if len(path) > MAX_PATH:
            logger.warning("WordPress address too long for a redirect, skipped: %s", path[:80])
            continue
        if isinstance(target, str) and Redirect.normalise_path(target) == path:
            continue
        wanted[path] = target
    if not wanted:
        return []
    with transaction.atomic():
        existing = {
            r.old_path: r
            for r in Redirect.objects.select_for_update().filter(
                site=None, old_path__in=list(wanted)
            )
        }
        new, changed = [], []
        for path, target in wanted.items():
            redirect = existing.get(path) or Redirect(old_path=path, site=None, is_permanent=True)
            before = (redirect.redirect_page_id, redirect.redirect_link, redirect.is_permanent)
            if isinstance(target, Page):
                redirect.redirect_page, redirect.redirect_link = target, ""
            else:
                redirect.redirect_page, redirect.redirect_link = None, target
            redirect.is_permanent = True
            if redirect.pk is None:
                new.append(redirect)
            elif before != (redirect.redirect_page_id, redirect.redirect_link, True):
                changed.append(redirect)
        # A changed address is written again: one DELETE and one INSERT for them all, where
        # bulk_update would build a CASE of every row in Python (an import changes thousands:
        # the photo pages that led to their file until their story came).
        Redirect.objects.filter(pk__in=[r.pk for r in changed]).delete()
        for redirect in changed:
            redirect.pk = None
        Redirect.objects.bulk_create(new + changed)
    return sorted(wanted)


# --- answering query addresses -------------------------------------------------------------


def old_query_address(path, query_string):
    """The redirect's path for a WordPress query address (`/?p=123`, `/index.php?cat=4`), or
    None when `path` and `query_string` are not one. Only WordPress's names count, so a campaign
    id added to a shared link (`?p=123&utm_source=x`) still finds the story."""
    if path not in ROOTS or not query_string:
        return None
    kept = [
        part
        for part in query_string.split("&")
        if "=" in part and part.split("=", 1)[0] in QUERY_NAMES
    ]
    return Redirect.normalise_path("/?" + "&".join(kept)) if kept else None


class QueryAddressMiddleware:
    """Answer WordPress's query addresses (`/?p=123`) with their redirect, before the page
    cache: to the page cache and to Wagtail they are the front page (200), so Wagtail's own
    `RedirectMiddleware`, which looks only after a 404, never sees them. Anything else, and an
    address no import recorded, goes on to the front page as before."""

    def __init__(self, get_response):
        self.get_response = get_response
        queryparams.read_at(ROOTS, *QUERY_NAMES)

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            query = request.META.get("QUERY_STRING", "")
            old = old_query_address(request.path_info, query)
            if old is not None:
                redirect = Redirect.objects.filter(old_path=old).first()
                if redirect is not None and redirect.link:
                    return http.HttpResponsePermanentRedirect(redirect.link)
                # No such old address: the front page, from the page cache like any other
                # reader's, so `/?p=<anything>` renders nothing again.
                request.META["QUERY_STRING"] = queryparams.only_read(query)
                request.__dict__.pop("GET", None)
        return self.get_response(request)
