"""The demo reads as a newsroom's site: pictures that show what their captions and alt text
say, alt text never cut short, and stories that differ from one another."""

import re
from collections import Counter

import pytest
from django.db import transaction
from django.utils.html import escape

from masthead.demo import archive, images, seed, services
from masthead.demo.services import SEED_SLUG
from masthead.news.models import ArticlePage, NewsImage

pytestmark = pytest.mark.django_db


def _archive_stories():
    return list(ArticlePage.objects.exclude(slug=SEED_SLUG).order_by("pk"))


def _plain(html):
    return re.sub(r"<[^>]+>", "", html)


def test_every_demo_picture_is_an_illustration_of_the_subject_its_records_name(demo):
    """Each picture's file says what it shows; its alt text and caption name that subject,
    and it is credited as an illustration."""
    photos = list(NewsImage.objects.all())
    assert len(photos) >= 10
    shown = set()
    for photo in photos:
        with photo.open_file() as file:
            subject = images.subject_of(file)
        assert subject is not None, f"{photo.title}: not a demo illustration"
        assert photo.title == subject.title
        for name in subject.names:
            assert name in photo.alt_text, f"{photo.title}: alt text does not name {name!r}"
            assert name in photo.caption, f"{photo.title}: caption does not name {name!r}"
        assert photo.alt_text.startswith("Illustration")
        assert photo.credit == images.CREDIT
        shown.add(subject.key)
    assert {"meeting", "golan-map", "knesset", "stadium", "rates-chart"} <= shown


def test_the_seed_articles_pictures_are_the_meeting_and_the_map(demo):
    lead = demo["seed"].lead_image
    inline = next(b.value["image"] for b in demo["seed"].body if b.block_type == "image")
    with lead.open_file() as file:
        assert images.subject_of(file).key == "meeting"
    with inline.open_file() as file:
        assert images.subject_of(file).key == "golan-map"
    assert lead.caption == seed.LEAD_CAPTION and inline.caption == seed.INLINE_CAPTION


def test_no_alt_text_is_cut_short(demo):
    """Alt text is whole sentences, never a caption cut at the field's length."""
    for photo in NewsImage.objects.all():
        alt = photo.alt_text
        assert len(alt) <= 255
        assert alt.endswith("."), f"{photo.title}: alt text ends {alt[-20:]!r}"
        assert not (photo.caption.startswith(alt) and photo.caption != alt), (
            f"{photo.title}: alt text is a cut caption"
        )


def test_a_story_page_shows_its_picture_with_its_alt_text_and_credit(client, demo):
    story = next(s for s in _archive_stories() if s.lead_image_id)
    html = client.get(story.url).content.decode()
    photo = story.lead_image
    assert f'alt="{escape(photo.alt_text)}"' in html
    assert f"({images.CREDIT})" in html
    assert photo.caption in _plain(html)


def test_archive_stories_differ(demo):
    """No two share a headline or a standfirst; they open differently, run to different
    lengths and come from several sections and writers."""
    stories = _archive_stories()
    assert len(stories) >= 20
    titles = [s.title for s in stories]
    standfirsts = [s.standfirst for s in stories]
    assert len(set(titles)) == len(titles)
    assert len(set(standfirsts)) == len(standfirsts)
    # Not one template with its blanks filled: many different openings.
    assert len({" ".join(t.split()[:2]) for t in titles}) >= len(titles) * 2 // 3
    assert len({" ".join(s.split()[:2]) for s in standfirsts}) >= len(standfirsts) // 2
    lengths = [sum(len(_plain(str(b.value))) for b in s.body) for s in stories]
    assert max(lengths) >= 2.5 * min(lengths)
    sections = Counter(s.get_parent().slug for s in stories)
    assert len(sections) >= 5
    writers = {b.author.slug for s in stories for b in s.bylines.all()}
    assert len(writers) >= 8


def test_some_stories_have_pull_quotes_and_subheadings_and_some_no_photo(demo):
    stories = _archive_stories()
    kinds = Counter(b.block_type for s in stories for b in s.body)
    assert kinds["pull_quote"] >= 3
    assert kinds["subheading"] >= 3
    assert any(s.lead_image_id is None for s in stories)  # columns run without a photo
    for story in stories:
        text = " ".join(_plain(str(b.value)) for b in story.body if b.block_type == "paragraph")
        for block in story.body:
            if block.block_type == "pull_quote":
                assert block.value["quote"].rstrip(".") in text  # a line of the story's own


def test_pictures_go_with_stories_about_them(demo):
    """A story's photo is of what it is about: the Knesset over a Knesset vote, the rate's
    chart over the central bank's decision."""
    for story in _archive_stories():
        if story.lead_image_id is None:
            continue
        with story.lead_image.open_file() as file:
            subject = images.subject_of(file)
        words = f"{story.title} {story.standfirst} " + " ".join(
            _plain(str(b.value)) for b in story.body
        )
        assert any(word in words.lower() for word in subject.about), (
            f"{story.title!r} under {subject.label!r}"
        )


def test_the_archive_is_the_same_every_time(demo):
    """Seeded: the same seed writes the same stories, and the pictures are the same files."""

    def written():
        with transaction.atomic():
            before = ArticlePage.objects.count()
            archive.generate(12, seed_value=77, with_photos=True)
            stories = ArticlePage.objects.order_by("pk")[before:]
            content = [
                (
                    s.title,
                    s.standfirst,
                    s.lead_image_id,
                    [(b.block_type, str(b.value)) for b in s.body],
                )
                for s in stories
            ]
            transaction.set_rollback(True)
        return content

    first = written()
    assert first == written()
    assert images.draw_jpeg("knesset") == images.draw_jpeg("knesset")


def test_a_long_alt_text_is_cut_at_a_words_end():
    text = "Prime Minister Benjamin Netanyahu meets the envoys " * 8
    cut = services.whole_words(text, 255)
    assert len(cut) <= 255
    assert cut.endswith("…")
    assert text.startswith(cut.removesuffix("…"))
    assert text[len(cut) - 1] == " "  # the next character of the text ends a word
    assert services.whole_words("Short enough.", 255) == "Short enough."
