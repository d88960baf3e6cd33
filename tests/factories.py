"""Test data: articles and photos made the way an editor would make them (revision, publish)."""

import io
import itertools
from datetime import timedelta

from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from masthead.news.models import ArticlePage, Author, NewsImage, SectionPage, Topic

_counter = itertools.count(1)


def make_photo(
    *, credit="Test Agency/Photographer", caption="A test photo caption.", size=(1600, 900)
):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 140, 160)).save(buffer, "JPEG")
    buffer.name = f"test-{next(_counter)}.jpg"
    photo = NewsImage(title=f"Test photo {buffer.name}", caption=caption, credit=credit)
    photo.file = ImageFile(buffer)
    photo.save()
    return photo


def make_article(
    *,
    title=None,
    section_slug="world",
    paragraphs=("First paragraph.", "Second paragraph."),
    standfirst="A standfirst for the test story.",
    authors=None,
    topics=(),
    lead_image=None,
    published_at=None,
    publish=True,
    model=ArticlePage,
    **fields,
):
    """A story as an editor makes it: `model` another kind of story (a live page), `fields`
    its own fields."""
    number = next(_counter)
    title = title or f"Test story number {number}"
    section = SectionPage.objects.get(slug=section_slug)
    article = model(
        title=title,
        slug=f"test-story-{number}",
        standfirst=standfirst,
        body=[("paragraph", f"<p>{escape(p)}</p>") for p in paragraphs],
        lead_image=lead_image,
        published_at=published_at,
        live=False,  # as the admin creates it: a draft until the revision is published
        **fields,
    )
    section.add_child(instance=article)
    for author in authors or [Author.objects.get(slug="staff")]:
        article.bylines.create(author=author)
    if topics:
        article.topics.set(Topic.objects.filter(slug__in=topics))
    revision = article.save_revision()
    if publish:
        revision.publish()
    article.refresh_from_db()
    return article


def minutes_ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)
