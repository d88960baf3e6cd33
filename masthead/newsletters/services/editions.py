"""Editions: assembled from the day's top stories, rendered once per send.

A draft no editor has edited follows the news: its stories are chosen again whenever it is
looked at or sent (``follow_news``), so it gains stories published since it was drafted and
loses those unpublished, expired or made private. Choosing again at the moments that matter
catches every way a story can come or go (publishing, scheduled publishing, expiry, privacy,
moves, deletion) without a receiver for each, and a send always starts from the news as it
is. Once an editor saves the edition, its stories stay as the editor left them.

An email carries headlines, standfirsts, a lead photo with its credit, thumbnails and links
back to the site, never article body text: what the wall shows an anonymous reader and no
more.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from masthead.core import clock
from masthead.news import services as news

from .. import conf
from ..models import Edition, EditionStory
from .inline import inline_css

logger = logging.getLogger(__name__)

# Stands in for each recipient's unsubscribe token in the rendered edition; URL-safe, so it
# survives HTML escaping and CSS inlining unchanged.
TOKEN_PLACEHOLDER = "NEWSLETTERRECIPIENTTOKEN0000"  # noqa: S105 - not a secret  # nosec B105
IMAGE_SPEC = "fill-1200x675"
# The other stories' thumbnails: shown at 88 px, rendered at twice that for sharp screens.
THUMBNAIL_SPEC = "fill-176x176"
THUMBNAIL_SIZE = 88


def send_moment(newsletter, date):
    """When ``newsletter``'s edition of ``date`` is due, as an aware datetime."""
    return datetime.datetime.combine(date, newsletter.send_time, tzinfo=newsletter.zone)


def day_window(newsletter, date, now=None):
    """The stories of an edition appeared in the 24 hours before it is due; an edition
    assembled later that same day also takes what has appeared since."""
    end = send_moment(newsletter, date)
    start = end - datetime.timedelta(hours=24)
    now = now or clock.now()
    if now.astimezone(newsletter.zone).date() == date:
        end = max(end, now)
    return start, end


def top_stories(newsletter, date, *, home=None, now=None):
    """The day's stories in the front page's order, then the newest of each section, then
    any other story of the day, newest first."""
    from masthead.news.models import HomePage

    start, end = day_window(newsletter, date, now)
    home = home or HomePage.objects.live().first()
    ordered = []
    if home is not None:
        page = news.front_page(home)
        ordered += [page["lead"], *page["top_stories"], *page["latest"]]
        for block in page["section_blocks"]:
            ordered += block["stories"]
    ordered += list(news.live_articles().filter(published_at__gte=start, published_at__lt=end))
    chosen, seen = [], set()
    for article in ordered:
        if article is None or article.pk in seen or article.published_at is None:
            continue
        if not start <= article.published_at < end:
            continue
        seen.add(article.pk)
        chosen.append(article)
    return chosen[: conf.get("NEWSLETTERS_MAX_STORIES")]


def assemble(newsletter, date, *, home=None, now=None):
    """Return the edition of ``date``, drafting it from the day's stories when new.

    With nothing published that day the edition is marked skipped. Safe to run twice.
    """
    existing = Edition.objects.filter(newsletter=newsletter, date=date).first()
    if existing is not None:
        return existing
    stories = top_stories(newsletter, date, home=home, now=now)
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                newsletter=newsletter,
                date=date,
                state=Edition.State.DRAFT if stories else Edition.State.SKIPPED,
                scheduled_for=send_moment(newsletter, date),
                automatic_stories=True,
            )
            EditionStory.objects.bulk_create(
                EditionStory(edition=edition, article=article, sort_order=index)
                for index, article in enumerate(stories)
            )
    except IntegrityError:  # assembled meanwhile by another worker
        return Edition.objects.get(newsletter=newsletter, date=date)
    return edition


def follow_news(edition, *, home=None, now=None):
    """Choose the stories of a draft that follows the news again; True when they changed.

    Stories published since the draft was made are added, in the front page's order, and
    stories no longer live and public are dropped; rows of stories that stay are kept. A
    draft left with nothing is skipped, a skipped one that gains a story is a draft again.
    An edition an editor has edited, or one that has gone out, is left as it is.
    """
    if not edition.follows_news or not edition.newsletter.automatic:
        return False
    wanted = [a.pk for a in top_stories(edition.newsletter, edition.date, home=home, now=now)]
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        if not locked.follows_news:
            return False
        rows = {row.article_id: row for row in locked.stories.all()}
        state = locked.state
        if wanted and state == Edition.State.SKIPPED:
            state = Edition.State.DRAFT
        elif not wanted and state == Edition.State.DRAFT:
            state = Edition.State.SKIPPED
        in_order = sorted(rows, key=lambda pk: rows[pk].sort_order)
        if in_order == wanted and state == locked.state:
            return False
        EditionStory.objects.filter(edition=locked).exclude(article_id__in=wanted).delete()
        for index, article_id in enumerate(wanted):
            row = rows.get(article_id)
            if row is None:
                EditionStory.objects.create(edition=locked, article_id=article_id, sort_order=index)
            elif row.sort_order != index:
                EditionStory.objects.filter(pk=row.pk).update(sort_order=index)
        if state != locked.state:
            Edition.objects.filter(pk=locked.pk).update(state=state)
    edition.state = state
    return True


def mark_edited(edition, user, *, now=None):
    """An editor saved the edition: from now on its stories are the editor's choice."""
    edition.automatic_stories = False
    edition.edited_at = now or clock.now()
    edition.edited_by = user if getattr(user, "pk", None) else None


def follow_again(edition):
    """Let an edited draft follow the news again (its stories are chosen anew)."""
    Edition.objects.filter(pk=edition.pk).update(
        automatic_stories=True, edited_at=None, edited_by=None
    )
    edition.automatic_stories, edition.edited_at, edition.edited_by = True, None, None
    return follow_news(edition)


def _absolute(url):
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def _rendition(article, spec):
    """The story's photo at `spec`, or None: a missing or damaged file leaves the story
    without its photo, never the edition unsent."""
    image = article.lead_image
    if image is None:
        return None
    try:
        return image.get_rendition(spec)
    except Exception:
        logger.warning(
            "No %s rendition of image %s for the newsletter", spec, image.pk, exc_info=True
        )
        return None


def _image(article):
    if (rendition := _rendition(article, IMAGE_SPEC)) is None:
        return None
    return {
        "url": _absolute(rendition.url),
        "width": 600,
        "height": 338,
        "alt": article.lead_image.alt_text,
        "caption": article.caption,  # the story's own caption, else the photo's
        "credit": article.lead_image.credit,
    }


def _thumbnail(article):
    """A small square of the story's photo: no caption, no credit (the lead carries those)."""
    if (rendition := _rendition(article, THUMBNAIL_SPEC)) is None:
        return None
    # No alt text: the headline beside it links to the same story and says what it is.
    return {"url": _absolute(rendition.url), "size": THUMBNAIL_SIZE}


def story_cards(edition):
    """What the email shows of each story: headline, standfirst, link; the first (the lead)
    with its photo, caption and credit, the others with a thumbnail."""
    from masthead.news.models import ArticlePage

    ids = list(edition.stories.order_by("sort_order").values_list("article_id", flat=True))
    live = {a.pk: a for a in news.with_sections(news.live_articles().filter(pk__in=ids))}
    cards = []
    for pk in ids:
        article = live.get(pk)
        if article is None or not isinstance(article, ArticlePage):
            continue  # unpublished since the edition was drafted
        section = getattr(article, "section_page", None)
        lead = not cards
        cards.append(
            {
                "headline": article.title,
                "standfirst": article.standfirst,
                "url": _absolute(article.url),
                "section": section.title if section else "",
                "lead": lead,
                "image": _image(article) if lead else None,
                "thumbnail": None if lead else _thumbnail(article),
            }
        )
    return cards


@dataclass(frozen=True)
class Rendered:
    """An edition rendered once; ``for_token`` gives each recipient's copy."""

    subject: str
    text: str
    html: str

    def for_token(self, token):
        return (
            self.text.replace(TOKEN_PLACEHOLDER, token),
            self.html.replace(TOKEN_PLACEHOLDER, token),
        )


def unsubscribe_url(token):
    from django.urls import reverse

    return settings.SITE_URL + reverse("newsletters:unsubscribe", args=[token])


def render(edition, *, token=TOKEN_PLACEHOLDER):
    """Render the edition's text and HTML parts (CSS inlined for mail clients)."""
    newsletter = edition.newsletter
    stories = story_cards(edition)
    context = {
        "edition": edition,
        "newsletter": newsletter,
        "subject": edition.subject_line,
        "lead": stories[0] if stories else None,
        "stories": stories[1:],
        "unsubscribe_url": unsubscribe_url(token),
        "site_url": settings.SITE_URL,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    html = render_to_string("newsletters/email/edition.html", context)
    html = inline_css(html)
    text = render_to_string("newsletters/email/edition.txt", context)
    return Rendered(subject=edition.subject_line, text=text, html=html)
