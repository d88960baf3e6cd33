"""A live page's structured data: the article's, as a `LiveBlogPosting` with its coverage
times and, for a reader the wall lets read them, its latest entries as `liveBlogUpdate`."""

from django.utils.html import strip_tags
from django.utils.text import Truncator

from masthead.news.corrections import iso_time
from masthead.news.metadata import article_json_ld

from .services import may_read_entries

UPDATES_LISTED = 10


def entry_text(entry):
    return " ".join(
        strip_tags(block.value.source) for block in entry.body if block.block_type == "paragraph"
    )


def live_json_ld(page, authors, decision):
    data = article_json_ld(page, authors, decision)
    data["@type"] = "LiveBlogPosting"
    if page.coverage_start:
        data["coverageStartTime"] = iso_time(page.coverage_start)
    if page.coverage_end:
        data["coverageEndTime"] = iso_time(page.coverage_end)
    if may_read_entries(decision) and page.pk is not None:
        entries = page.entries.order_by("-posted_at", "-pk")[:UPDATES_LISTED]
        data["liveBlogUpdate"] = [_update(page, entry) for entry in entries]
    return data


def _update(page, entry):
    text = entry_text(entry)
    update = {
        "@type": "BlogPosting",
        "headline": entry.headline or Truncator(text).words(12) or page.title[:110],
        "url": f"{page.full_url}#{entry.anchor}",
        "datePublished": iso_time(entry.posted_at),
        "articleBody": text,
    }
    if entry.updated_at:
        update["dateModified"] = iso_time(entry.updated_at)
    return update
