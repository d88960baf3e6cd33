"""Nothing is written half-way: when the database refuses a later row of a multi-row write,
the earlier rows are not left behind.

The failure is real: a trigger installed by the test (SQLite or PostgreSQL) makes the
database itself fail an insert into a later table with an OperationalError, as a failing
disk or a lost server would. The test's own transaction drops the trigger with everything
else when it ends."""

import datetime
from html.parser import HTMLParser

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from masthead.accounts import services as accounts
from masthead.accounts.models import Member
from masthead.comments.models import Comment
from masthead.newsletters.models import Newsletter, Subscription
from masthead.newsletters.services.subscriptions import ensure_daily_edition
from tests import factories
from tests.accounts.conftest import ask_for_link
from tests.smtp import find_link, smtp_sink

__all__ = ["smtp_sink"]  # a fixture

pytestmark = pytest.mark.django_db


def refuse_inserts(table, when="TRUE"):
    """From now on (in this test's transaction), inserting a row into ``table`` for which
    ``when`` holds (SQL over ``NEW``) fails in the database itself.

    Not a constraint error: the code rightly treats some IntegrityErrors as a race it
    recovers from. SQLite's RAISE() is always one, so its trigger fails on malformed JSON
    (an OperationalError); PostgreSQL's raises SQLSTATE 58030, an I/O error."""
    name = f"refuse_{table}"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER {name} BEFORE INSERT ON {table} WHEN {when} "
                "BEGIN SELECT json('refused by the test'); END"
            )
        else:
            cursor.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF {when} THEN RAISE EXCEPTION 'refused by the test' "
                "USING ERRCODE = '58030'; END IF; RETURN NEW; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER {name} BEFORE INSERT ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )


def test_registration_leaves_no_member_without_the_subscription_they_chose(client, smtp_sink):
    """Registering with the Daily Edition ticked writes the member and the subscription."""
    ensure_daily_edition()
    ask_for_link(client, "half@example.com")
    client.get(find_link(smtp_sink.wait_for(1)).removeprefix("http://testserver"))
    refuse_inserts("newsletters_subscription")
    with pytest.raises(OperationalError):
        client.post("/account/welcome/", {"accept_terms": "on", "daily_edition": "on"})
    assert not Member.objects.filter(email="half@example.com").exists()


def test_consent_is_not_recorded_without_its_subscriptions():
    """The consent after "Continue with" a provider: the same promise on an existing member."""
    ensure_daily_edition()
    member = Member.objects.create_user("provider@example.com")
    refuse_inserts("newsletters_subscription")
    with pytest.raises(OperationalError):
        accounts.record_consent(member, daily_edition=True)
    member.refresh_from_db()
    assert member.terms_accepted_at is None and member.daily_edition is not True


def test_the_account_pages_newsletter_choices_are_saved_together():
    first = ensure_daily_edition()
    second = Newsletter.objects.create(name="Weekend Reads", slug="weekend-reads")
    member = Member.objects.create_user("choices@example.com")
    client = Client()
    client.force_login(member)
    refuse_inserts("newsletters_subscription", f"NEW.newsletter_id = {second.pk}")
    with pytest.raises(OperationalError):
        client.post("/newsletters/preferences/", {"newsletter": [first.slug, second.slug]})
    assert not Subscription.objects.filter(member=member).exists()


def test_a_comment_is_stored_with_its_verdicts_and_the_name_or_not_at_all(demo):
    """Posting a first comment writes the display name, the comment and its verdicts."""
    article = factories.make_article(title="All or nothing")
    member = Member.objects.create_user(
        "commenter@example.com", date_joined=timezone.now() - datetime.timedelta(days=30)
    )
    client = Client()
    client.force_login(member)
    refuse_inserts("comments_verdict")
    with pytest.raises(OperationalError):
        client.post(
            f"/comments/{article.pk}/post/",
            {"text": "A fair point, well made.", "display_name": "Half Way"},
        )
    assert not Comment.objects.filter(article=article).exists()
    member.refresh_from_db()
    assert member.display_name == ""


class EditForm(HTMLParser):
    """The fields of Wagtail's page edit form, as a browser would post them unchanged."""

    def __init__(self, html):
        super().__init__()
        self.data, self.inside, self.textarea, self.select = {}, False, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self.inside = True
        name = attrs.get("name")
        if not self.inside or "__prefix__" in (name or ""):
            return
        if tag == "input" and name and attrs.get("type") not in {"submit", "button"}:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.data[name] = attrs.get("value") or ""
        elif tag == "textarea":
            self.textarea, self.data[name] = name, ""
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value") or ""

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            # A browser drops the newline that follows <textarea>.
            self.data[self.textarea] = self.data[self.textarea].removeprefix("\n")
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def test_publishing_in_the_admin_is_all_or_nothing(demo, editor):
    """Publish writes a revision, the page's live fields and the log; if the log entry is
    refused, the page is not left live with a new headline that nobody's log shows."""
    article = factories.make_article(title="Before the edit")
    client = Client()
    client.force_login(editor)
    url = f"/admin/pages/{article.pk}/edit/"
    data = EditForm(client.get(url).content.decode()).data
    data.update({"title": "After the edit", "body-count": "0", "action-publish": "publish"})
    revisions = Revision.objects.filter(object_id=str(article.pk)).count()
    refuse_inserts("wagtailcore_pagelogentry", "NEW.action = 'wagtail.publish'")
    with pytest.raises(OperationalError):
        client.post(url, data)
    article.refresh_from_db()
    assert article.title == "Before the edit"
    assert Revision.objects.filter(object_id=str(article.pk)).count() == revisions
    assert not PageLogEntry.objects.filter(page=article, action="wagtail.edit").exists()
