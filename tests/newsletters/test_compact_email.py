"""The Daily Edition's compact layout: the lead story with its photo and credit, the others
with a thumbnail beside the headline, no other caption or credit, and nothing past the wall."""

import re

import pytest

from masthead.newsletters.models import EditionStory
from masthead.newsletters.services import editions, sending
from tests.factories import make_photo
from tests.smtp import html_part, text_part

from .conftest import CANARY, subscribe

OTHER_CANARY = "Gated-canary-of-a-second-story"


@pytest.fixture
def compact_edition(edition, todays_story, make_article):
    """Today's edition with the lead story first and two more stories with credited photos."""
    others = [
        make_article(
            title=f"Second-rank story {n}",
            standfirst=f"What story {n} is about, in one line.",
            paragraphs=["Open one.", "Open two.", "Open three.", OTHER_CANARY],
            lead_image=make_photo(credit=f"Other Agency {n}", caption=f"Other caption {n}."),
        )
        for n in (1, 2)
    ]
    # The editor's order: the seed-credited story leads, the two others follow.
    EditionStory.objects.filter(edition=edition).delete()
    for index, article in enumerate([todays_story, *others]):
        EditionStory.objects.create(edition=edition, article=article, sort_order=index)
    editions.mark_edited(edition, None)
    edition.save()
    return edition


def test_only_the_lead_photo_is_credited_and_the_others_have_thumbnails(
    daily, compact_edition, todays_story, smtp_sink, django_capture_on_commit_callbacks
):
    """The sent email has one full-width photo (the lead's) with its caption and credit, a
    small thumbnail for each other story, and no other credit or caption, in HTML and text."""
    subscribe(daily, 1)
    with django_capture_on_commit_callbacks(execute=True):
        sending.start(compact_edition.pk)
    message = smtp_sink.wait_for(1)
    html, text = html_part(message), text_part(message)

    lead_credit = todays_story.lead_image.credit
    assert html.count(f"({lead_credit})") == 1
    assert text.count("Photo: ") == 1 and f"Photo: {lead_credit}" in text
    for n in (1, 2):
        assert f"Second-rank story {n}" in html and f"Second-rank story {n}" in text
        assert f"Other Agency {n}" not in html + text
        assert f"Other caption {n}." not in html + text
    full_width = re.findall(r'<img class="lead-photo"[^>]* width="600"', html)
    thumbnails = re.findall(r'<img[^>]* width="88" height="88"', html)
    assert len(full_width) == 1
    assert len(thumbnails) == 2
    assert html.count("fill-176x176") == 2
    # Each thumbnail sits in a table cell beside its headline.
    assert re.search(r'<td class="thumb"[^>]*>.*?</td>\s*<td class="teaser"', html, re.S)


def test_the_compact_email_shows_nothing_past_the_wall(
    daily, compact_edition, smtp_sink, django_capture_on_commit_callbacks
):
    """Headlines and standfirsts only: no body text of any story, gated or not."""
    subscribe(daily, 1)
    with django_capture_on_commit_callbacks(execute=True):
        sending.start(compact_edition.pk)
    message = smtp_sink.wait_for(1)
    for part in (html_part(message), text_part(message)):
        assert CANARY not in part and OTHER_CANARY not in part
        assert "Lead one." not in part and "Open one." not in part
        assert "What story 1 is about, in one line." in part
