"""Corrections and updates as data: an editor adds a correction (its text and time) to a
published story in its edit form, or marks a substantive update; readers see both on the
story, in its structured data, on the corrections page and in its feeds. Only live, public
stories' corrections are listed anywhere."""

import json
from datetime import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from masthead.news.models import ArticlePage, Correction
from tests import factories

pytestmark = pytest.mark.django_db

PARAGRAPHS = ("The minister spoke on Monday.", "The talks went on until late.")


def at(day, hour, minute, second=0, microsecond=0):
    """A time in December 2026, in the site's zone."""
    return datetime(2026, 12, day, hour, minute, second, microsecond).replace(
        tzinfo=timezone.get_current_timezone()
    )


def correct(article, text, when):
    """Add a correction to the story and publish it, as the admin's form does: a revision."""
    article = ArticlePage.objects.get(pk=article.pk)
    article.corrections.add(Correction(text=text, corrected_at=when))
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def json_ld(page):
    return json.loads(page.select_one('script[type="application/ld+json"]').string)


def feed(client, url):
    parsed = feedparser.parse(client.get(url).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def edit_form_data(article, fields):
    """The story's edit form as the admin posts it: the story's own values and its inlines'
    rows with their management forms, `fields` over them."""
    article = ArticlePage.objects.get(pk=article.pk)
    bylines = list(article.bylines.all())
    return nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "bylines": inline_formset(
                [{"id": str(b.pk), "author": str(b.author_id)} for b in bylines],
                initial=len(bylines),
            ),
            "lead_image": "",
            "lead_image_caption": "",
            "body": streamfield([("paragraph", rich_text(f"<p>{p}</p>")) for p in PARAGRAPHS]),
            "published_at": timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M"),
            "updated_at": "",
            "dateline": "",
            "access_level": "",
            "related_picks": inline_formset([]),
            "corrections": inline_formset([]),
            **fields,
        }
    )


def test_an_editor_adds_a_correction_and_an_update_in_the_story_form(client, editor):
    """Posting the story's edit form with a row in its Corrections inline and an update time,
    and publishing: the published story carries the correction, and readers see both."""
    article = factories.make_article(title="A story the desk got wrong", paragraphs=PARAGRAPHS)
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert "Corrections" in client.get(edit).content.decode()
    data = edit_form_data(
        article,
        {
            "updated_at": "2026-12-07 09:30",
            "corrections": inline_formset(
                [
                    {
                        "text": "The talks were in Vienna, not Geneva.",
                        "corrected_at": "2026-12-07 10:14",
                    }
                ]
            ),
            "action-publish": "action-publish",
        },
    )
    response = client.post(edit, data)
    assert response.status_code == 302, soup(response).select(".error-message, .help-critical")

    article = ArticlePage.objects.get(pk=article.pk)
    correction = article.corrections.get()
    assert correction.text == "The talks were in Vienna, not Geneva."
    assert correction.corrected_at == at(7, 10, 14)
    assert article.updated_at == at(7, 9, 30)
    published = article.live_revision.as_object()  # the correction travels with the revision
    assert [c.text for c in published.corrections.all()] == [correction.text]

    client.logout()
    story = soup(client.get(article.url))
    foot = story.select_one(".story #corrections").get_text(" ", strip=True)
    assert "Correction, 7 December 2026, 10:14 : The talks were in Vienna, not Geneva." in foot
    assert "Updated" in story.select_one(".story-meta .dates").get_text()


def test_the_story_shows_its_update_and_corrections_with_their_times(client):
    """ "Updated" and its time by the byline, the corrections at the story's foot, oldest
    first, each with a `<time datetime>` to the second."""
    article = factories.make_article(title="Corrected twice")
    article.updated_at = at(7, 9, 5, 33, 123456)
    article.save_revision().publish()
    correct(article, "The second fix.", at(7, 11, 2))
    correct(article, "The first fix.", at(7, 10, 14))

    story = soup(client.get(article.url))
    dates = story.select_one(".story-meta .dates")
    updated = dates.find_all("time")[-1]
    assert "Updated" in dates.get_text()
    assert updated["datetime"] == at(7, 9, 5, 33).isoformat()
    notes = story.select(".story #corrections .correction")
    assert [n.get_text(" ", strip=True) for n in notes] == [
        "Correction, 7 December 2026, 10:14 : The first fix.",
        "Correction, 7 December 2026, 11:02 : The second fix.",
    ]
    assert notes[0].time["datetime"] == at(7, 10, 14).isoformat()


def test_json_ld_carries_the_corrections_and_the_latest_change(client):
    """`correction` is a list of `CorrectionComment`s; `dateModified` (and the page's
    `article:modified_time`) is the latest of the update and the corrections."""
    article = factories.make_article(title="Corrected after its update")
    article.updated_at = at(7, 9, 30)
    article.save_revision().publish()
    correct(article, "The toll was 12, not 21.", at(7, 10, 14))

    page = soup(client.get(article.url))
    data = json_ld(page)
    modified = page.select_one('meta[property="article:modified_time"]')["content"]
    assert modified == data["dateModified"]
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "The toll was 12, not 21.",
            "datePublished": at(7, 10, 14).isoformat(),
        }
    ]
    assert data["dateModified"] == at(7, 10, 14).isoformat()

    later = ArticlePage.objects.get(pk=article.pk)
    later.updated_at = at(7, 12, 0)
    later.save_revision().publish()
    assert json_ld(soup(client.get(article.url)))["dateModified"] == at(7, 12, 0).isoformat()


def test_a_story_without_corrections_has_none_in_its_json_ld(client):
    """No correction, no `correction` key; `dateModified` is the last publish."""
    article = factories.make_article(title="Never wrong")
    data = json_ld(soup(client.get(article.url)))
    assert "correction" not in data
    last_publish = timezone.localtime(article.last_published_at).replace(microsecond=0)
    assert data["dateModified"] == last_publish.isoformat()


def test_the_corrections_page_and_feeds_list_them_newest_first(client):
    """/corrections/ lists every correction with its story's headline linking to it, newest
    first, and names its feeds; the RSS and Atom feeds carry the headline and the text."""
    older = factories.make_article(title="The older corrected story")
    newer = factories.make_article(title="The newer corrected story")
    correct(older, "An older fix.", at(5, 8, 0))
    correct(newer, "A newer fix.", at(6, 8, 0))

    page = soup(client.get("/corrections/"))
    items = page.select(".correction-list li")
    assert [li.h2.get_text(strip=True) for li in items[:2]] == [
        "The newer corrected story",
        "The older corrected story",
    ]
    assert items[0].a["href"] == newer.url + "#corrections"
    assert "A newer fix." in items[0].get_text()
    alternates = page.select('link[rel="alternate"][title="Corrections"]')
    feeds = {link["type"]: link["href"] for link in alternates}
    assert feeds == {
        "application/rss+xml": "/corrections/rss/",
        "application/atom+xml": "/corrections/atom/",
    }
    for url in feeds.values():
        entries = feed(client, url).entries
        assert entries[0].title == "Correction: The newer corrected story"
        assert entries[0].summary == "A newer fix."
        assert entries[0].link == "http://testserver" + newer.url + "#corrections"
        assert entries[1].title == "Correction: The older corrected story"


def test_the_corrections_page_is_paginated_and_cached_like_a_listing(client, settings):
    """A page at a time; junk is page 1, past the end a 404; shared caches may keep it."""
    settings.ARTICLES_PER_PAGE = 1
    correct(factories.make_article(), "Fix one.", at(5, 8, 0))
    correct(factories.make_article(), "Fix two.", at(6, 8, 0))
    assert "Fix two." in client.get("/corrections/").content.decode()
    assert "Fix one." in client.get("/corrections/?page=2").content.decode()
    assert "Fix two." in client.get("/corrections/?page=junk").content.decode()
    assert client.get("/corrections/?page=999").status_code == 404
    response = client.get("/corrections/")
    assert "public" in response["Cache-Control"]
    assert response["Cache-Tag"] == "corrections"
    assert "public" in client.get("/corrections/rss/")["Cache-Control"]


def test_private_unpublished_and_draft_corrections_appear_nowhere(client):
    """A private story's, an unpublished story's and a draft's corrections are on no list,
    and a correction saved as a draft is not on the published story."""
    private = correct(factories.make_article(title="Private story"), "Private fix.", at(5, 8, 0))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    gone = correct(factories.make_article(title="Withdrawn story"), "Withdrawn fix.", at(5, 9, 0))
    gone.unpublish()
    draft = factories.make_article(title="Story with a draft fix")
    draft.corrections.add(Correction(text="Draft fix.", corrected_at=at(5, 10, 0)))
    draft.save_revision()

    listed = client.get("/corrections/").content.decode()
    feeds = client.get("/corrections/rss/").content.decode()
    feeds += client.get("/corrections/atom/").content.decode()
    for text in ("Private fix.", "Withdrawn fix.", "Draft fix."):
        assert text not in listed and text not in feeds, text
    assert "Draft fix." not in client.get(draft.url).content.decode()
    assert client.get(gone.url).status_code == 404


def test_a_gated_storys_correction_is_shown_to_every_reader_and_its_body_to_none(client):
    """A correction is a public notice: the wall's reader sees it, while the feed item carries
    the headline and the correction only, never the story's gated text."""
    gated_text = "Sentence only members read."
    article = factories.make_article(title="Members' story", paragraphs=PARAGRAPHS)
    article.access_level = "registered"
    article.body = [
        ("paragraph", "<p>The lead-in.</p>"),
        ("wall", None),
        ("paragraph", f"<p>{gated_text}</p>"),
    ]
    article.save_revision().publish()
    correct(article, "A fix to a members' story.", at(6, 8, 0))

    story = soup(client.get(article.url))
    assert gated_text not in str(story)
    assert "A fix to a members' story." in story.select_one("#corrections").get_text()
    assert json_ld(story)["isAccessibleForFree"] is False
    for url in ("/corrections/", "/corrections/rss/", "/corrections/atom/"):
        assert gated_text not in client.get(url).content.decode(), url


def test_the_stories_cached_copy_changes_when_a_correction_is_published(client):
    """The story and the corrections page are kept for anonymous readers; publishing a
    correction replaces both."""
    article = factories.make_article(title="Kept story")
    for url in (article.url, "/corrections/"):
        assert client.get(url)["X-Page-Cache"] == "MISS"
        assert client.get(url)["X-Page-Cache"] == "HIT"
    correct(article, "A fix after the story was kept.", at(7, 10, 14))
    for url in (article.url, "/corrections/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "MISS"
        assert "A fix after the story was kept." in response.content.decode()


def test_a_correction_needs_its_text(client, editor):
    """An empty correction is refused with a message in the form, not saved."""
    article = factories.make_article(title="Story with an empty fix", paragraphs=PARAGRAPHS)
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = edit_form_data(
        article,
        {
            "corrections": inline_formset([{"text": "", "corrected_at": "2026-12-07 10:14"}]),
            "action-publish": "action-publish",
        },
    )
    response = client.post(edit, data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Correction.objects.filter(page=article).exists()


@pytest.mark.parametrize("change", ["correct again", "unpublish", "remove the correction"])
def test_the_corrections_page_file_at_the_edge_goes_when_a_corrected_story_changes(
    client, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks, change
):
    """nginx serves /corrections/ as a file the app wrote: publishing another correction,
    unpublishing a corrected story or publishing it without its correction deletes it."""
    settings.EDGE_PAGES_DIR = str(tmp_path / "edge")
    settings.WAGTAILFRONTENDCACHE = {
        "edge-pages": {"BACKEND": "masthead.core.edgepages.PageFilesBackend"}
    }
    article = correct(factories.make_article(title="Corrected at the edge"), "Fix.", at(5, 8, 0))
    client.get("/corrections/")
    kept = tmp_path / "edge" / "http" / "testserver" / "corrections" / "index.html"
    assert kept.exists()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "correct again":
            correct(article, "Another fix.", at(6, 8, 0))
        elif change == "unpublish":
            article.unpublish()
        else:
            article.corrections.set([])
            article.save_revision().publish()
    assert not kept.exists()


def test_a_correction_typed_in_the_form_shows_in_the_preview_only(client, editor):
    """The editor's preview shows a correction not yet published at the story's foot;
    readers do not see it until the story is published."""
    article = factories.make_article(title="Story previewed with a fix", paragraphs=PARAGRAPHS)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    data = edit_form_data(
        article,
        {
            "corrections": inline_formset(
                [{"text": "A previewed fix.", "corrected_at": "2026-12-07 10:14"}]
            )
        },
    )
    posted = client.post(url, data)
    assert json.loads(posted.content)["is_valid"] is True, posted.content
    foot = soup(client.get(url)).select_one(".story #corrections").get_text(" ", strip=True)
    assert "Correction, 7 December 2026, 10:14 : A previewed fix." in foot
    client.logout()
    assert "A previewed fix." not in client.get(article.url).content.decode()
