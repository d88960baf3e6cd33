"""WordPress's people and places: authors (Co-Authors Plus too), categories → sections or
topics, tags → topics, and Yoast SEO's title and description."""

import re
import zlib
from pathlib import Path
from urllib.parse import unquote

from django.utils.text import slugify

from masthead.news.models import Author, SectionPage, Topic
from masthead.news.models.taxonomy import unique_slug

from .models import ImportedItem

YOAST_VARIABLE = re.compile(r"%%[\w-]+%%")


class MappingError(Exception):
    pass


def read_mapping(path):
    """The --sections file: one `category-slug = section [Title]`, `= topic` or `= skip` a
    line; `#` starts a comment."""
    mapping = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(f"{path}: cannot read it ({error}).") from None
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        slug, _, target = (part.strip() for part in line.partition("="))
        kind, _, title = target.partition(" ")
        if not slug or kind not in {"section", "topic", "skip"}:
            raise MappingError(
                f"{path}, line {number}: write `category-slug = section [Title]`, "
                "`category-slug = topic` or `category-slug = skip`."
            )
        mapping[slug] = (kind, title.strip())
    return mapping


def seo(meta, title="", site_name=""):
    """(SEO title, search description) from Yoast's fields. Its common %%variables%% are
    filled in (%%title%%, %%sep%%, %%sitename%%); any other is left out."""
    values = {"%%title%%": title, "%%sep%%": "–", "%%sitename%%": site_name}

    def fill(text):
        text = YOAST_VARIABLE.sub(lambda m: values.get(m.group(0), ""), text or "")
        return " ".join(text.split()).strip(" -|–—")

    return fill(meta.get("_yoast_wpseo_title"))[:255], fill(meta.get("_yoast_wpseo_metadesc"))


def page_slug(slug):
    """A WordPress slug (percent-encoded when not ASCII) as a page's slug, in its letters."""
    return slugify(unquote(slug), allow_unicode=True)


def author_wp_id(author):
    """Exports before WXR 1.1 carry no author id: the login's checksum stands in."""
    if str(author.get("id", "")).isdigit():
        return int(author["id"])
    return zlib.crc32(author["login"].encode())


class People:
    """Authors, sections and topics of one import, found or made on first use."""

    def __init__(self, run, mapping=None):
        self.run = run
        self.mapping = mapping or {}
        self.authors = {}  # login → export's author
        self.categories = {}  # slug → export's category
        self.cache = {}  # (kind, key) → object

    # Authors.
    def add_author(self, author):
        self.authors[author["login"]] = author

    def author(self, login, name=""):
        """The Author for a login (made when first credited), or None."""
        if not login:
            return None
        key = ("author", login)
        if key in self.cache:
            return self.cache[key]
        data = self.authors.get(login) or {"login": login, "display_name": name or login}
        name = (
            data.get("display_name")
            or " ".join(p for p in (data.get("first_name"), data.get("last_name")) if p)
            or login
        )
        wp_id = author_wp_id(data)
        item = self.run.find(ImportedItem.Kind.AUTHOR, wp_id)
        author = item.content_object if item else None
        if author is None:
            author = Author.objects.filter(name=name).first() or Author(name=name[:120])
        if author.name != name[:120] or author.pk is None:
            author.name = name[:120]
            author.save()
        self.run.keep(
            ImportedItem.Kind.AUTHOR,
            wp_id,
            data,
            slug=login,
            old_url=f"{self.run.site_url}/author/{login}/",
            obj=author,
        )
        self.cache[key] = author
        return author

    def bylines(self, item):
        """The post's authors: Co-Authors Plus's when it has them, else its creator."""
        co_authors = [t for t in item["terms"] if t["domain"] == "author"]
        authors = [
            self.author(term["slug"].removeprefix("cap-"), term["name"]) for term in co_authors
        ] or [self.author(item["creator"])]
        unique = []
        for author in authors:
            if author is not None and author not in unique:
                unique.append(author)
        return unique

    # Categories and tags.
    def add_category(self, category):
        self.categories[category["slug"]] = category
        self.category_target(category["slug"])

    def _top(self, slug):
        seen = set()
        while slug in self.categories and self.categories[slug]["parent"] and slug not in seen:
            seen.add(slug)
            slug = self.categories[slug]["parent"]
        return slug

    def category_target(self, slug):
        """A SectionPage, a Topic, or None (skipped) for a category."""
        key = ("category", slug)
        if key in self.cache:
            return self.cache[key]
        category = self.categories.get(slug) or {"id": "", "slug": slug, "name": slug, "parent": ""}
        kind, title = self.mapping.get(slug, ("topic" if category["parent"] else "section", ""))
        wp_id = int(category["id"]) if str(category["id"]).isdigit() else zlib.crc32(slug.encode())
        target = None
        if kind == "section":
            target = self._section(slug, title or category["name"] or slug, wp_id, category)
        elif kind == "topic":
            target = self._topic(ImportedItem.Kind.CATEGORY, wp_id, category, "category")
        self.cache[key] = target
        return target

    def _section(self, slug, title, wp_id, category):
        item = self.run.find(ImportedItem.Kind.CATEGORY, wp_id)
        section = item.page.specific if item and item.page_id else None
        home = self.run.home
        if section is None:
            section = SectionPage.objects.child_of(home).filter(slug=page_slug(slug)).first()
        if section is None:
            section = SectionPage(
                title=title[:255],
                slug=page_slug(slug) or f"section-{wp_id}",
                description=category.get("description", ""),
            )
            home.add_child(instance=section)
            section.save_revision().publish(skip_permission_checks=True)
        self.run.keep(
            ImportedItem.Kind.CATEGORY,
            wp_id,
            category,
            slug=slug,
            old_url=f"{self.run.site_url}/category/{self._path(slug)}/",
            page=section,
        )
        return section

    def _path(self, slug):
        parts, seen = [slug], {slug}
        while (parent := self.categories.get(parts[0], {}).get("parent")) and parent not in seen:
            parts.insert(0, parent)
            seen.add(parent)
        return "/".join(parts)

    def _topic(self, kind, wp_id, term, base):
        item = self.run.find(kind, wp_id)
        topic = item.content_object if item else None
        name = (term.get("name") or term["slug"])[:120]
        if topic is None:
            topic = Topic.objects.filter(name__iexact=name).first()
        if topic is None:
            topic = Topic(name=name, slug=unique_slug(Topic, term["slug"] or name))
            topic.save()
        path = self._path(term["slug"]) if base == "category" else term["slug"]
        self.run.keep(
            kind,
            wp_id,
            term,
            slug=term["slug"],
            old_url=f"{self.run.site_url}/{base}/{path}/",
            obj=topic,
        )
        return topic

    def add_tag(self, tag):
        wp_id = int(tag["id"]) if str(tag["id"]).isdigit() else zlib.crc32(tag["slug"].encode())
        self.cache[("tag", tag["slug"])] = self._topic(ImportedItem.Kind.TAG, wp_id, tag, "tag")

    def tag(self, term):
        key = ("tag", term["slug"])
        if key not in self.cache:
            self.add_tag({"id": "", "slug": term["slug"], "name": term["name"]})
        return self.cache[key]

    def places(self, item):
        """(section, topics) of a post: its first category that is a section (else the
        section of its first category's top-level one), its other categories and its tags
        as topics."""
        section, topics = None, []
        for term in item["terms"]:
            if term["domain"] == "category":
                target = self.category_target(term["slug"])
                if isinstance(target, SectionPage):
                    section = section or target
                elif target is not None:
                    topics.append(target)
                    top = self.category_target(self._top(term["slug"]))
                    if isinstance(top, SectionPage):
                        section = section or top
            elif term["domain"] == "post_tag":
                topics.append(self.tag(term))
        if section is None:
            section = self.fallback_section()
        return section, list(dict.fromkeys(topics))

    def fallback_section(self):
        """Where a story with no section-category goes: "From the archive"."""
        key = ("section", "archive")
        if key not in self.cache:
            section = SectionPage.objects.child_of(self.run.home).filter(slug="archive").first()
            if section is None:
                section = SectionPage(title="From the archive", slug="archive")
                self.run.home.add_child(instance=section)
                section.save_revision().publish(skip_permission_checks=True)
            self.cache[key] = section
        return self.cache[key]
