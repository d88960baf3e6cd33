"""A draft edition follows the news until an editor edits it, then stays as the editor left
it; the admin says which."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from masthead.newsletters.models import Edition
from masthead.newsletters.services import sending
from tests.smtp import html_part

from .conftest import subscribe


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


class FormFields(HTMLParser):
    """The values a browser would submit from the page's edit form, unchanged."""

    def __init__(self):
        super().__init__()
        self.fields, self._form, self._textarea, self._select = [], False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._form = True
        if not self._form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append([attrs["name"], attrs.get("value", "")])
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append([self._select, attrs.get("value", "")])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = False


def edit(client, edition, **changes):
    """Open the edition's form, change some fields and save it, as an editor would."""
    url = f"/admin/newsletters/editions/edit/{edition.pk}/"
    parser = FormFields()
    parser.feed(client.get(url).content.decode())
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    data.update({name: [value] for name, value in changes.items()})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def console(client, edition):
    return client.get(f"/admin/newsletters/console/{edition.pk}/").content.decode()


def send_now(edition, capture):
    with capture(execute=True):
        return sending.start(edition.pk)


def test_a_draft_gains_a_story_published_after_it_was_drafted(
    editor_client, daily, edition, make_article, smtp_sink, django_capture_on_commit_callbacks
):
    """A story published after the draft was made shows in the console, says the draft
    follows the news, and goes out in the email."""
    later = make_article(title="Published after the draft was made")
    page = console(editor_client, edition)
    assert "Published after the draft was made" in page
    assert "Follows the news" in page
    assert (
        "Following the news" in editor_client.get("/admin/newsletters/editions/").content.decode()
    )
    subscribe(daily, 1)
    send_now(edition, django_capture_on_commit_callbacks)
    html = html_part(smtp_sink.wait_for(1))
    assert "Published after the draft was made" in html
    assert later.url in html


def test_a_draft_loses_a_story_unpublished_after_it_was_drafted(
    editor_client, daily, edition, make_article, smtp_sink, django_capture_on_commit_callbacks
):
    """A story unpublished after the draft was made leaves the console, the edition's form
    and the email."""
    doomed = make_article(title="A story that will be unpublished")
    assert "A story that will be unpublished" in console(editor_client, edition)
    doomed.unpublish()
    assert "A story that will be unpublished" not in console(editor_client, edition)
    assert not edition.stories.filter(article=doomed).exists()
    subscribe(daily, 1)
    send_now(edition, django_capture_on_commit_callbacks)
    html = html_part(smtp_sink.wait_for(1))
    assert "A story that will be unpublished" not in html
    assert "Newsletter lead story" in html


def test_a_draft_loses_a_story_made_private(editor_client, daily, edition, make_article):
    """A story made private (restricted to logged-in readers) leaves the draft."""
    private = make_article(title="A story made private later")
    assert "A story made private later" in console(editor_client, edition)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert "A story made private later" not in console(editor_client, edition)


def test_an_edited_draft_keeps_the_editors_stories(
    editor_client,
    daily,
    edition,
    todays_story,
    make_article,
    smtp_sink,
    django_capture_on_commit_callbacks,
):
    """Once an editor saves the edition's form, later publishes and unpublishes no longer
    change it; the console and the list say it was edited; "Follow the news again" undoes
    that."""
    chosen = list(edition.stories.values_list("article_id", flat=True))
    assert todays_story.pk in chosen
    edit(editor_client, edition, intro="Good morning from the newsroom.")
    edition.refresh_from_db()
    assert edition.edited_at is not None and not edition.automatic_stories
    make_article(title="Published after the editor edited it")
    todays_story.unpublish()
    page = console(editor_client, edition)
    assert "Published after the editor edited it" not in page
    assert "Edited by" in page and "the stories stay as they were left" in page
    assert list(edition.stories.values_list("article_id", flat=True)) == chosen
    assert "Edited" in editor_client.get("/admin/newsletters/editions/").content.decode()

    editor_client.post(f"/admin/newsletters/console/{edition.pk}/act/", {"action": "follow"})
    assert "Published after the editor edited it" in console(editor_client, edition)


def test_an_edition_with_no_story_left_is_skipped_and_comes_back_with_a_new_one(
    editor_client, daily, make_article
):
    """A day with nothing published is skipped; a story of that day published later makes
    it a draft again, and unpublishing it skips the edition again."""
    import datetime

    from masthead.newsletters.services import editions

    day = datetime.date(2001, 1, 1)
    edition = editions.assemble(daily, day)
    assert edition.state == Edition.State.SKIPPED
    story = make_article(
        title="News at last",
        published_at=editions.send_moment(daily, day) - datetime.timedelta(hours=2),
    )
    assert "News at last" in console(editor_client, edition)
    assert Edition.objects.get(pk=edition.pk).state == Edition.State.DRAFT
    story.unpublish()
    assert "News at last" not in console(editor_client, edition)
    assert Edition.objects.get(pk=edition.pk).state == Edition.State.SKIPPED


def test_an_edition_made_by_hand_keeps_its_stories(editor_client, daily, todays_story):
    """An edition an editor creates in the admin is the editor's from the start: it is marked
    edited and a story published afterwards is not added to it."""
    import datetime

    url = "/admin/newsletters/editions/new/"
    parser = FormFields()
    parser.feed(editor_client.get(url).content.decode())
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    data.update(
        {
            "newsletter": [str(daily.pk)],
            "date": ["2031-03-02"],
            "intro": ["A special edition."],
            "stories-TOTAL_FORMS": ["1"],
            "stories-0-article": [str(todays_story.pk)],
            "stories-0-ORDER": ["1"],
            "stories-0-id": [""],
            "stories-0-DELETE": [""],
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    edition = Edition.objects.get(newsletter=daily, date=datetime.date(2031, 3, 2))
    assert not edition.automatic_stories and edition.edited_at is not None
    assert "Edited by" in console(editor_client, edition)
    assert list(edition.stories.values_list("article_id", flat=True)) == [todays_story.pk]
