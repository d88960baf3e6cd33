"""The editors' side: a live page made and previewed like any story, then entries posted,
edited and deleted from its compose screen, and the coverage ended; only whoever may publish
the page may post to it."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from masthead.live.models import Entry, LiveBlogPage
from masthead.news.models import Author, SectionPage
from tests.live.conftest import paragraph
from tests.news.test_preview import preview, soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def compose_url(page):
    return reverse("live_admin:compose", args=[page.pk])


def messages_of(response):
    return [str(m).strip() for m in get_messages(response.wsgi_request)]


def test_a_section_offers_a_live_page_and_the_page_offers_its_compose_screen(
    editor_client, live_page
):
    section = SectionPage.objects.get(slug="world")
    choices = editor_client.get(reverse("wagtailadmin_pages:add_subpage", args=[section.pk]))
    assert "Live page" in choices.content.decode()
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[live_page.pk]))
    assert compose_url(live_page) in edit.content.decode()
    # A new live page is free to read unless the editor chooses otherwise.
    add = editor_client.get(
        reverse("wagtailadmin_pages:add", args=["live", "liveblogpage", section.pk])
    )
    form = soup(add).select_one("select[name=access_level] option[selected]")
    assert form is not None and form["value"] == "free"


def live_fields(page=None):
    author = Author.objects.order_by("name").first()
    return {
        "title": "Election night, live",
        "slug": page.slug if page else "",
        "standfirst": "Results as they come in.",
        "bylines": inline_formset([{"author": str(author.pk), "id": ""}]),
        "lead_image": "",
        "lead_image_caption": "",
        "body": streamfield([("paragraph", rich_text("<p>Polls close at ten.</p>"))]),
        "published_at": "",
        "updated_at": "",
        "status": "live",
        "coverage_start": "",
        "coverage_end": "",
        "dateline": "",
        "topics": [],
        "access_level": "free",
        "related_picks": inline_formset([]),
    }


@pytest.mark.parametrize("saved", [True, False], ids=["published", "never-saved"])
def test_a_live_page_previews(editor_client, editor, live_page, saved):
    section = SectionPage.objects.get(slug="world")
    if saved:
        posted_entry = live_page.entries.create(
            posted_at=live_page.first_published_at, body=paragraph("An entry already posted.")
        )
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[live_page.pk])
        instance = live_page
    else:
        posted_entry = None
        url = reverse(
            "wagtailadmin_pages:preview_on_add", args=["live", "liveblogpage", section.pk]
        )
        instance = LiveBlogPage()
    fields = live_fields(live_page if saved else None)
    for response in preview(editor_client, url, editor, LiveBlogPage, instance, fields, section):
        page = soup(response)
        assert page.select_one("h1.headline").get_text() == "Election night, live"
        assert "Polls close at ten." in page.select_one(".story-body").get_text()
        if posted_entry:
            assert "An entry already posted." in page.select_one(".live-entries").get_text()
        assert "X-Page-Cache" not in response


def test_an_editor_posts_edits_and_deletes_entries(editor_client, editor, live_page):
    screen = editor_client.get(compose_url(live_page))
    assert screen.status_code == 200
    posted = editor_client.post(
        compose_url(live_page),
        {
            "headline": "Talks begin",
            "text": "Delegations arrived at nine.\n\nThe first session is closed.",
            "key_event": "on",
            "authors": [str(a.pk) for a in Author.objects.order_by("name")[:1]],
        },
    )
    assert posted.status_code == 302 and "Posted." in messages_of(posted)
    entry = Entry.objects.get(page=live_page)
    assert entry.key_event and not entry.pinned and entry.posted_by == editor
    assert [b.block_type for b in entry.body] == ["paragraph", "paragraph"]
    reader = Client().get(live_page.url).content.decode()
    assert "Delegations arrived at nine." in reader and "The first session is closed." in reader

    edit_url = reverse("live_admin:edit", args=[entry.pk])
    form = editor_client.get(edit_url).content.decode()
    assert "Delegations arrived at nine." in form  # the text as typed, to change it
    changed = editor_client.post(
        edit_url, {"headline": "Talks begin", "text": "Delegations arrived at ten."}
    )
    assert changed.status_code == 302
    entry.refresh_from_db()
    assert entry.updated_at is not None and not entry.key_event
    reader = Client().get(live_page.url).content.decode()
    assert "Delegations arrived at ten." in reader and "Updated" in reader

    confirm = editor_client.get(reverse("live_admin:delete", args=[entry.pk]))
    assert "Yes, delete it" in confirm.content.decode()
    editor_client.post(reverse("live_admin:delete", args=[entry.pk]))
    assert not Entry.objects.filter(pk=entry.pk).exists()
    assert "Delegations" not in Client().get(live_page.url).content.decode()


def test_an_empty_entry_is_refused_with_a_message_and_nothing_is_posted(editor_client, live_page):
    response = editor_client.post(compose_url(live_page), {"headline": "Only a headline"})
    assert response.status_code == 200
    assert "Write the update, or add a photo, an embed or a quote." in response.content.decode()
    assert not live_page.entries.exists()


def test_pinning_an_entry_unpins_the_one_before(editor_client, live_page):
    for text in ("First pinned.", "Second pinned."):
        editor_client.post(compose_url(live_page), {"text": text, "pinned": "on"})
    pinned = list(live_page.entries.filter(pinned=True))
    assert [e.body[0].value.source for e in pinned] == ["<p>Second pinned.</p>"]


def test_ending_the_coverage_from_the_compose_screen(editor_client, live_page):
    editor_client.post(reverse("live_admin:end", args=[live_page.pk]))
    page = LiveBlogPage.objects.get(pk=live_page.pk)
    assert page.status == "ended" and page.live
    assert "The live coverage ended" in Client().get(page.url).content.decode()


def test_only_whoever_may_publish_the_page_may_post_to_it(reporter, live_page):
    client = Client()
    client.force_login(reporter)
    for url in (compose_url(live_page), reverse("live_admin:end", args=[live_page.pk])):
        refused = client.post(url, {"text": "Not mine to post."})
        # Wagtail's answer to a refusal in the admin: back to the dashboard, saying why.
        assert refused.status_code == 302 and refused["Location"] == "/admin/"
        assert any("permission" in m for m in messages_of(refused))
    assert not live_page.entries.exists()
    assert LiveBlogPage.objects.get(pk=live_page.pk).status == "live"


def test_unknown_entries_and_pages_are_not_found(editor_client):
    for name in ("compose", "end"):
        assert editor_client.post(reverse(f"live_admin:{name}", args=[999999])).status_code == 404
    for name in ("edit", "delete"):
        assert editor_client.get(reverse(f"live_admin:{name}", args=[999999])).status_code == 404


def test_publishing_a_new_live_page_leads_to_its_compose_screen(editor_client, editor, demo):
    from tests.news.test_preview import form_data

    section = SectionPage.objects.get(slug="world")
    fields = {**live_fields(), "slug": "election-night-live"}  # as the headline fills it
    data = form_data(LiveBlogPage, LiveBlogPage(), fields, editor)
    data["action-publish"] = "action-publish"
    url = reverse("wagtailadmin_pages:add", args=["live", "liveblogpage", section.pk])
    response = editor_client.post(url, data)
    page = LiveBlogPage.objects.get(title="Election night, live")
    assert response.status_code == 302 and page.live and page.coverage_start is not None
    assert any(compose_url(page) in message for message in messages_of(response))
