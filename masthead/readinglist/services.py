"""A member's reading list, as functions that read as sentences. Views call these and stay
thin; the wall's rules on what a listing may show are `news.services.live_articles`'s."""

from django.db import IntegrityError, transaction

from masthead.core import clock, ratelimit
from masthead.news import services as news
from masthead.news.models import ArticlePage

from . import conf
from .models import SavedStory


class Refused(Exception):
    """A change the member cannot make now; the message says why, in the reader's words."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


# The largest id a page's primary key holds on every database: a larger one names no page.
LARGEST_ID = 2**31 - 1


def valid_id(page_id):
    return 0 < page_id <= LARGEST_ID


def story_to_save(page_id):
    """The published, public story with this id, or None: nothing else can be saved."""
    if not valid_id(page_id):
        return None
    return ArticlePage.objects.live().public().filter(pk=page_id).first()


def count_change(member):
    """Count one save or removal; refuse past the member's rate (or while it cannot count)."""
    if not ratelimit.within("readinglist:change", member.pk, conf.get("READING_LIST_RATE_LIMIT")):
        raise Refused("Too many changes to your reading list at once. Try again in a minute.", 429)


def save(member, article):
    """Put `article` on `member`'s reading list; True when it was not there yet."""
    count_change(member)
    with transaction.atomic():
        if SavedStory.objects.filter(member=member, article=article).exists():
            return False
        if SavedStory.objects.filter(member=member).count() >= conf.get("READING_LIST_MAX_STORIES"):
            raise Refused(
                "Your reading list is full. Remove a story you have read to save another."
            )
        try:
            with transaction.atomic():
                SavedStory.objects.create(member=member, article=article, saved_at=clock.now())
        except IntegrityError:  # saved meanwhile, from another tab or device
            return False
    return True


def remove(member, page_id):
    """Take the story with this id off `member`'s list; True when it was there."""
    count_change(member)
    if not valid_id(page_id):
        return False
    deleted, _ = SavedStory.objects.filter(member=member, article_id=page_id).delete()
    return deleted > 0


def is_saved(member, page_id):
    if not valid_id(page_id):
        return False
    return SavedStory.objects.filter(member=member, article_id=page_id).exists()


def saved_ids(member):
    """The ids of the stories on `member`'s list, newest saved first: all a page's buttons
    need to show which are saved."""
    return list(SavedStory.objects.filter(member=member).values_list("article_id", flat=True))


def reading_list(member):
    """(article, saved_at) for each story on the list that readers can read now, newest saved
    first, each article with its `section_page`. A story unpublished or made private since
    stays saved but is not listed: its headline is no longer public."""
    saved = dict(SavedStory.objects.filter(member=member).values_list("article_id", "saved_at"))
    if not saved:
        return []
    articles = news.with_sections(news.live_articles().filter(pk__in=saved))
    return sorted(
        ((article, saved[article.pk]) for article in articles),
        key=lambda item: (item[1], item[0].pk),
        reverse=True,
    )


def export_for(member):
    """The member's reading list in their data export: every story saved, with its headline
    and address while readers can read it (the same rule as the list)."""
    listed = {article.pk: article for article, _saved_at in reading_list(member)}
    entries = []
    for page_id, saved_at in SavedStory.objects.filter(member=member).values_list(
        "article_id", "saved_at"
    ):
        entry = {"page_id": page_id, "saved_at": saved_at.isoformat()}
        if page_id in listed:
            entry.update(headline=listed[page_id].title, url=listed[page_id].full_url)
        entries.append(entry)
    return entries
