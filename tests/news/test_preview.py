"""Editors preview every page type as the admin does it: the edit form's data is posted to
Wagtail's preview view, then the preview is read from it (the side panel and the new tab
both do this), for a saved draft and for a page never saved.

A preview shows what is in the form, not what is in the database: topics, authors and
read-more picks chosen in the form and not yet saved must show, and no cache may keep or
answer a preview.
"""

import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from masthead.core.models import StandardPage
from masthead.news.models import ArticlePage, Author, HomePage, SectionPage, Topic
from tests import factories

pytestmark = pytest.mark.django_db

HEADLINE = "Preview of a story nobody has read yet"
LEAD_IN = "The lead-in every reader sees."
GATED = "The part behind the wall, shown to the editor."


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def form_data(model, page, fields, user):
    """The edit form's data: `fields`, plus the management data of every other inline the
    form has (comments, and any inline added later), as the admin's own form posts it."""
    form_class = model.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user)
    # Lists (a many-to-many's chosen ids) are posted as repeated values, not nested.
    data = nested_form_data({k: v for k, v in fields.items() if not isinstance(v, list)})
    data.update({k: v for k, v in fields.items() if isinstance(v, list)})
    for name, formset in form.formsets.items():
        if f"{name}-TOTAL_FORMS" not in data:
            data.update(
                {f"{name}-{key}": value for key, value in formset.management_form.initial.items()}
            )
            data[f"{name}-INITIAL_FORMS"] = str(formset.management_form.initial["INITIAL_FORMS"])
            data[f"{name}-TOTAL_FORMS"] = data[f"{name}-INITIAL_FORMS"]
            for index, inline in enumerate(formset.forms):
                for field in inline.visible_fields() + inline.hidden_fields():
                    value = field.value()
                    if value is not None:
                        data[f"{name}-{index}-{field.name}"] = str(value)
    return data


def article_fields(page=None, *, photo, topics, authors, picks, bylines_initial=0):
    return {
        "title": HEADLINE,
        "slug": page.slug if page else "",
        "standfirst": "What the editor wrote under the headline.",
        "bylines": inline_formset(
            [{"author": str(author.pk), "id": str(bid) if bid else ""} for author, bid in authors],
            initial=bylines_initial,
        ),
        "lead_image": str(photo.pk),
        "lead_image_caption": "A caption typed in the form.",
        "body": streamfield(
            [
                ("paragraph", rich_text(f"<p>{LEAD_IN}</p>")),
                ("wall", ""),
                ("paragraph", rich_text(f"<p>{GATED}</p>")),
            ]
        ),
        "published_at": "",
        "updated_at": "",
        "dateline": "JERUSALEM",
        "topics": [str(topic.pk) for topic in topics],
        "access_level": "registered",
        "related_picks": inline_formset([{"article": str(pick.pk), "id": ""} for pick in picks]),
    }


def form_errors(model, instance, data, user, parent):
    """What the edit form says of `data`, for a failing assertion's message."""
    form_class = model.get_edit_handler().get_form_class()
    form = form_class(data, instance=instance, parent_page=parent, for_user=user)
    form.defer_required_fields()
    form.is_valid()
    return form.errors, [formset.errors for formset in form.formsets.values()]


def preview(client, url, user, model, instance, fields, parent=None):
    """Post the form to the preview view (as typing in the form does), then read the preview
    as the side panel (in_preview_panel) and the new tab (plain GET) do."""
    data = form_data(model, instance, fields, user)
    posted = client.post(url, data)
    assert posted.status_code == 200, posted.content[:500]
    valid = json.loads(posted.content)["is_valid"]
    parent = parent or instance.get_parent().specific
    assert valid is True, form_errors(model, instance, data, user, parent)
    panel = client.get(url, {"in_preview_panel": "true"})
    tab = client.get(url)
    for response in (panel, tab):
        assert response.status_code == 200, response.content[:2000]
        # The side panel frames the preview: the page's policy must let the admin do it.
        policy = response["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy and "frame-ancestors 'none'" not in policy
    return panel, tab


def assert_article_preview(response, *, topics, authors, pick):
    page = soup(response)
    assert page.select_one("h1.headline").get_text() == HEADLINE
    text = page.select_one(".story-body").get_text()
    assert LEAD_IN in text and GATED in text, "the editor reads past the wall"
    assert "A caption typed in the form." in page.select_one(".lead-photo figcaption").get_text()
    assert [a.get_text() for a in page.select(".topic-list a")] == [t.name for t in topics]
    assert [a.name for a in authors] == [a.get_text() for a in page.select(".byline a")]
    read_more = [h.get_text(strip=True) for h in page.select(".read-more .card__headline")]
    assert read_more and read_more[0] == pick.title, "the editor's pick leads read more"
    options = [label.get_text(" ", strip=True) for label in page.select(".alerts-optin label")]
    assert not options or any(topics[0].name in option for option in options)
    ld = json.loads(page.select_one("script[type='application/ld+json']").string)
    assert ld["headline"] == HEADLINE and ld["keywords"] == [t.name for t in topics]
    assert [person["name"] for person in ld["author"]] == [a.name for a in authors]
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_a_saved_draft_article_previews_with_the_forms_topics_authors_and_picks(
    admin_client, editor, demo
):
    """A draft whose form now has other topics, authors and a read-more pick (none of them
    saved) previews with those, in the side panel and in a new tab."""
    draft = factories.make_article(title="A draft story", publish=False)
    pick = factories.make_article(title="The story the editor picked")
    topics = list(Topic.objects.order_by("name")[:2])
    authors = list(Author.objects.order_by("name")[:2])
    photo = factories.make_photo()
    byline = draft.bylines.get()
    fields = article_fields(
        draft,
        photo=photo,
        topics=topics,
        authors=[(authors[0], byline.pk), (authors[1], None)],
        picks=[pick],
        bylines_initial=1,
    )
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    for response in preview(admin_client, url, editor, ArticlePage, draft, fields):
        assert_article_preview(response, topics=topics, authors=authors, pick=pick)
    draft.refresh_from_db()
    assert draft.title == "A draft story" and not draft.topics.exists(), "preview saves nothing"


def test_a_published_articles_draft_previews_and_no_cache_keeps_the_preview(
    admin_client, client, editor, demo
):
    """The seed article (published, with topics) previews its unsaved changes; the public
    page, read before and after, stays the published one: no cache took the preview."""
    from django.test import Client

    seed = demo["seed"]
    reader = Client()
    assert HEADLINE not in reader.get(seed.url).content.decode()
    pick = factories.make_article(title="The story the editor picked")
    topics = list(seed.topics.order_by("name"))
    bylines = list(seed.bylines.select_related("author"))
    fields = article_fields(
        seed,
        photo=seed.lead_image,
        topics=topics,
        authors=[(b.author, b.pk) for b in bylines],
        picks=[pick],
        bylines_initial=len(bylines),
    )
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[seed.pk])
    for response in preview(admin_client, url, editor, ArticlePage, seed, fields):
        assert_article_preview(
            response, topics=topics, authors=[b.author for b in bylines], pick=pick
        )
    for _ in range(2):
        public = reader.get(seed.url).content.decode()
        assert HEADLINE not in public and GATED not in public
    member_view = admin_client.get(seed.url).content.decode()
    assert HEADLINE not in member_view


def test_a_new_article_never_saved_previews(admin_client, editor, demo):
    """A story being written in a section, never saved, previews with its topics, authors,
    photo, pick and wall."""
    section = SectionPage.objects.get(slug="world")
    pick = factories.make_article(title="The story the editor picked")
    topics = list(Topic.objects.order_by("-name")[:1])
    authors = list(Author.objects.order_by("name")[:1])
    fields = article_fields(
        photo=factories.make_photo(),
        topics=topics,
        authors=[(authors[0], None)],
        picks=[pick],
    )
    url = reverse("wagtailadmin_pages:preview_on_add", args=["news", "articlepage", section.pk])
    for response in preview(admin_client, url, editor, ArticlePage, ArticlePage(), fields, section):
        assert_article_preview(response, topics=topics, authors=authors, pick=pick)
    assert not ArticlePage.objects.filter(title=HEADLINE).exists()


@pytest.mark.parametrize("saved", [True, False], ids=["draft", "never-saved"])
def test_a_section_previews(admin_client, editor, demo, saved):
    """A section previews with its title and description from the form."""
    home = demo["home"]
    if saved:
        section = SectionPage.objects.get(slug="world")
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[section.pk])
    else:
        section = SectionPage()
        url = reverse("wagtailadmin_pages:preview_on_add", args=["news", "sectionpage", home.pk])
    fields = {"title": "Desk in preview", "slug": section.slug, "description": "Said in form."}
    for response in preview(admin_client, url, editor, SectionPage, section, fields, home):
        page = soup(response)
        assert page.select_one(".listing-header h1").get_text() == "Desk in preview"
        assert "Said in form." in page.select_one(".listing-header").get_text()
        if saved:
            assert page.select(".card"), "the section's stories are listed"
        assert "X-Page-Cache" not in response


@pytest.mark.parametrize("saved", [True, False], ids=["draft", "never-saved"])
def test_a_standard_page_previews(admin_client, editor, demo, saved):
    """A standard page (terms, about us) previews with its text from the form."""
    home = demo["home"]
    existing = StandardPage.objects.first()
    if saved and existing:
        page, url = existing, reverse("wagtailadmin_pages:preview_on_edit", args=[existing.pk])
    else:
        page = StandardPage()
        url = reverse("wagtailadmin_pages:preview_on_add", args=["core", "standardpage", home.pk])
    fields = {"title": "House rules", "slug": page.slug, "body": rich_text("<p>Be kind.</p>")}
    for response in preview(admin_client, url, editor, StandardPage, page, fields, home):
        text = soup(response).get_text()
        assert "House rules" in text and "Be kind." in text


def test_the_front_page_previews_its_arrangement(admin_client, editor, demo):
    """The front page previews the lead story chosen in the form, before it is saved."""
    home = demo["home"]
    lead = factories.make_article(title="The lead the editor chose")
    fields = front_page_fields(home, lead=lead)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[home.pk])
    for response in preview(admin_client, url, editor, HomePage, home, fields):
        lead_card = soup(response).select_one(".front-lead .card__headline")
        assert lead_card.get_text(strip=True) == "The lead the editor chose"
        assert "X-Page-Cache" not in response
    reader = soup(admin_client.get("/"))
    assert reader.select_one(".front-lead .card__headline").get_text(strip=True) != lead.title


def front_page_fields(home, *, lead):
    return {
        "title": home.title,
        "slug": home.slug,
        "strapline": home.strapline,
        "lead_story": str(lead.pk),
        "featured": inline_formset([]),
        "section_blocks": streamfield([]),
    }


def test_a_preview_is_never_answered_from_the_members_page_cache(client, demo):
    """An editor whose account is a member's (no staff flag, admin access by group) previews
    the draft, not the members' kept copy of the published page."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page

    from masthead.accounts.models import Member

    seed = demo["seed"]
    group = Group.objects.create(name="Desk without staff flag")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=Page.get_first_root_node(),
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    desk = Member.objects.create_user("desk-member@example.com", "pw", is_staff=False)
    desk.groups.add(group)
    client.force_login(desk)
    # The reader's address, as the preview's request has it (the site's own host).
    site = {"HTTP_HOST": urlsplit(seed.full_url).netloc, "secure": seed.full_url[:5] == "https"}
    kept = client.get(seed.url, **site)
    assert kept.status_code == 200 and HEADLINE not in kept.content.decode()
    assert client.get(seed.url, **site).get("X-Page-Cache") == "MEMBER-HIT", "a kept copy"
    fields = {"title": HEADLINE, "slug": seed.slug, "standfirst": seed.standfirst}
    bylines = list(seed.bylines.all())
    fields["bylines"] = inline_formset(
        [{"author": str(b.author_id), "id": str(b.pk)} for b in bylines], initial=len(bylines)
    )
    fields["topics"] = [str(t.pk) for t in seed.topics.all()]
    fields["lead_image"] = str(seed.lead_image_id)
    fields["body"] = streamfield([("paragraph", rich_text(f"<p>{LEAD_IN}</p>"))])
    fields["related_picks"] = inline_formset([])
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[seed.pk])
    for response in preview(client, url, desk, ArticlePage, seed, fields):
        assert soup(response).select_one("h1.headline").get_text() == HEADLINE
        assert "X-Page-Cache" not in response
    assert HEADLINE not in client.get(seed.url, **site).content.decode(), "nor kept for members"


@pytest.mark.parametrize("first", ["preview", "reader"])
def test_a_free_storys_preview_never_meets_the_readers_fragments(
    admin_client, client, editor, demo, first
):
    """A story free to read keeps its story fragment per live revision; its preview neither
    shows the readers' kept fragment nor leaves its draft in it for readers."""
    seed = demo["seed"]
    seed.access_level = "free"
    seed.save_revision().publish()
    bylines = list(seed.bylines.select_related("author"))
    fields = article_fields(
        seed,
        photo=seed.lead_image,
        topics=list(seed.topics.all()),
        authors=[(b.author, b.pk) for b in bylines],
        picks=[],
        bylines_initial=len(bylines),
    )
    fields["access_level"] = "free"
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[seed.pk])
    if first == "reader":
        assert HEADLINE not in client.get(seed.url).content.decode()
    for response in preview(admin_client, url, editor, ArticlePage, seed, fields):
        assert soup(response).select_one("h1.headline").get_text() == HEADLINE
    for kind in ("anonymous", "member"):
        if kind == "member":
            from masthead.accounts.models import Member

            client.force_login(Member.objects.create_user("free-reader@example.com"))
        page = soup(client.get(seed.url, {"after": "preview"}))
        assert page.select_one("h1.headline").get_text() == seed.title, kind
