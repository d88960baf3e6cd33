"""The newsroom home (the admin dashboard): each panel lists what the signed-in person may act
on, each row links to where they act, and every role sees only its own panels."""

import re
import zoneinfo
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from masthead.accounts.models import Member
from masthead.alerts.models import Alert
from masthead.comments.models import Comment
from masthead.newsletters.models import DAILY_EDITION_SLUG, Edition, Newsletter
from masthead.newsroom import roles
from tests import factories

pytestmark = pytest.mark.django_db

PANELS = {
    "drafts": "newsroom-my-drafts",
    "approval": "newsroom-awaiting-approval",
    "scheduled": "newsroom-scheduled",
    "published": "newsroom-published",
    "alerts": "newsroom-alerts",
    "comments": "newsroom-comments",
    "edition": "newsroom-daily-edition",
}


def home(client, member):
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def panel(html, key):
    """The HTML of one panel of the home, or None when it is not shown."""
    match = re.search(
        rf'<section[^>]*id="{PANELS[key]}-section".*?</section>', html, flags=re.DOTALL
    )
    return match.group(0) if match else None


def shown(html):
    return {key for key in PANELS if panel(html, key) is not None}


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def draft_by(member, title):
    article = factories.make_article(title=title, publish=False)
    article.owner = member
    article.save_revision(user=member)
    return article


def test_each_role_sees_the_panels_it_may_act_on(client, staff):
    """The editor-in-chief and editors see every panel; a reporter their drafts and the day's
    stories; a moderator the comments; the picture desk none of the desk's lists."""
    expected = {
        roles.EDITOR_IN_CHIEF: set(PANELS),
        roles.EDITOR: set(PANELS),
        roles.REPORTER: {"drafts", "published"},
        roles.MODERATOR: {"comments"},
        roles.PICTURE_DESK: set(),
    }
    for role, keys in expected.items():
        assert shown(home(client, staff(role))) == keys, role


def test_my_drafts_lists_my_unpublished_pages_and_not_a_colleagues(client, staff):
    """A reporter's draft is on their home, with a link to edit it; a colleague's is not."""
    reporter, colleague = staff(roles.REPORTER), staff(roles.REPORTER)
    mine = draft_by(reporter, "My draft about the harbour")
    theirs = draft_by(colleague, "A colleague's draft about the port")
    html = panel(home(client, reporter), "drafts")
    assert f'href="{edit_url(mine)}"' in html and "My draft about the harbour" in html
    assert "the port" not in html and edit_url(theirs) not in html
    assert "Draft" in html


def test_a_submitted_draft_waits_for_the_editors_approval(client, staff):
    """Submitted for approval, a story is listed for every editor to approve, marked as in
    moderation on its reporter's drafts, and the reporter has no approval panel."""
    reporter, editor = staff(roles.REPORTER), staff(roles.EDITOR)
    article = draft_by(reporter, "Submitted story on the budget")
    article.get_workflow().start(article, reporter)

    waiting = panel(home(client, editor), "approval")
    assert f'href="{edit_url(article)}"' in waiting
    assert "Submitted story on the budget" in waiting
    assert "submitted by Reporter Staff" in waiting

    reporter_home = home(client, reporter)
    assert panel(reporter_home, "approval") is None
    assert "In moderation" in panel(reporter_home, "drafts")


def test_scheduled_stories_show_their_time_in_the_newsrooms_zone(client, staff):
    """The go-live time reads in TIME_ZONE even when the editor's own admin zone differs."""
    editor = staff(roles.EDITOR)
    UserProfile.get_for_user(editor)
    UserProfile.objects.filter(user=editor).update(current_time_zone="America/New_York")
    article = factories.make_article(title="Embargoed report", publish=False)
    go_live = (timezone.now() + timedelta(days=2)).replace(hour=7, minute=15, second=0)
    article.go_live_at = go_live
    article.save_revision(user=editor).publish(user=editor)

    html = panel(home(client, editor), "scheduled")
    newsroom = go_live.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    new_york = go_live.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert f'href="{edit_url(article)}"' in html and "Embargoed report" in html
    assert f"goes live {newsroom:%a %-d %b, %H:%M}" in html
    assert f"{new_york:%H:%M}" not in html
    # Scheduled is not a draft of mine any more.
    assert "Embargoed report" not in (panel(home(client, editor), "drafts") or "")


def test_published_lists_the_last_24_hours_only(client, staff):
    """A story published now is listed, with a link; one published two days ago is not."""
    fresh = factories.make_article(title="Just published story")
    old = factories.make_article(title="Story from the day before yesterday")
    two_days_ago = timezone.now() - timedelta(days=2)
    type(old).objects.filter(pk=old.pk).update(
        first_published_at=two_days_ago, last_published_at=two_days_ago
    )
    html = panel(home(client, staff(roles.EDITOR)), "published")
    assert f'href="{edit_url(fresh)}"' in html and "Just published story" in html
    assert "day before yesterday" not in html


def test_alerts_say_what_happened_and_link_to_each_alert(client, staff, demo):
    """An alert that reached nobody reads as a failure, never "Sent"; each row opens it."""
    failed = Alert.objects.create(
        article=demo["seed"],
        title="Sirens in the north",
        url="/x/",
        topic="sirens",
        state=Alert.State.DONE,
        recipients=1,
        failed=1,
    )
    Alert.objects.create(
        title="Alert from last week",
        url="/y/",
        topic="old",
        state=Alert.State.DONE,
        created_at=timezone.now() - timedelta(days=7),
    )
    html = panel(home(client, staff(roles.EDITOR)), "alerts")
    row = re.search(r"<tr>(?:(?!</tr>).)*Sirens in the north.*?</tr>", html, re.DOTALL).group(0)
    assert f'href="{reverse("alerts_admin:detail", args=[failed.pk])}"' in row
    assert failed.outcome_label in row
    assert ">Sent<" not in row
    assert "Alert from last week" not in html


def test_comments_waiting_for_moderation_link_to_the_comment(client, staff, demo):
    """Pending comments are listed oldest first with a link to moderate each; approved ones
    are not."""
    author = Member.objects.create_user("commenter@example.com", display_name="A Reader")
    pending = Comment.objects.create(
        article=demo["seed"], author=author, text="Is this confirmed?", status="pending"
    )
    Comment.objects.create(
        article=demo["seed"], author=author, text="Already published remark", status="approved"
    )
    html = panel(home(client, staff(roles.MODERATOR)), "comments")
    assert f'href="{reverse("comment_moderation:detail", args=[pending.pk])}"' in html
    assert "Is this confirmed?" in html
    assert "Already published remark" not in html
    assert f'href="{reverse("comment_moderation:index")}"' in html


def test_todays_daily_edition_and_its_state(client, staff):
    """Today's edition (in the newsletter's own day) is linked to its console with its state
    as the edition says it, and not yesterday's; with none yet, the panel says so."""
    editor = staff(roles.EDITOR)
    daily = Newsletter.objects.get(slug=DAILY_EDITION_SLUG)
    assert "Not drafted yet" in panel(home(client, editor), "edition")

    today = timezone.localtime(timezone.now(), daily.zone).date()
    edition = Edition.objects.create(newsletter=daily, date=today, state=Edition.State.SCHEDULED)
    Edition.objects.create(newsletter=daily, date=today - timedelta(days=1))
    html = panel(home(client, editor), "edition")
    assert f'href="{reverse("newsletters_admin:console", args=[edition.pk])}"' in html
    assert edition.outcome_label in html
    assert html.count('<td class="title">') == 1


def test_empty_panels_say_so(client, staff):
    """With nothing to do, a panel shows its count of none and says that nothing waits."""
    html = home(client, staff(roles.EDITOR))
    assert "Waiting for my approval (0)" in panel(html, "approval")
    assert "Nothing waiting" in panel(html, "approval")
    assert "No drafts" in panel(html, "drafts")


def test_the_home_takes_few_queries(client, django_assert_max_num_queries, staff, demo):
    """With a row in every panel, or none, the editor-in-chief's home takes at most 15
    queries."""
    chief = staff(roles.EDITOR_IN_CHIEF)
    reporter = staff(roles.REPORTER)
    article = draft_by(reporter, "A story to approve")
    article.get_workflow().start(article, reporter)
    draft_by(chief, "The chief's own draft")
    scheduled = factories.make_article(title="Scheduled for tomorrow", publish=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision(user=chief).publish(user=chief)
    Alert.objects.create(title="An alert", url="/z/", topic="z", state=Alert.State.QUEUED)
    Comment.objects.create(
        article=demo["seed"],
        author=Member.objects.create_user("pending@example.com"),
        text="Pending.",
        status="pending",
    )
    client.force_login(chief)
    client.get("/admin/")  # the process's first request fills Wagtail's caches
    with django_assert_max_num_queries(15):
        html = client.get("/admin/").content.decode()
    assert shown(html) == set(PANELS)

    daily = Newsletter.objects.get(slug=DAILY_EDITION_SLUG)
    Edition.objects.create(
        newsletter=daily, date=timezone.localtime(timezone.now(), daily.zone).date()
    )
    with django_assert_max_num_queries(15):
        html = client.get("/admin/").content.decode()
    assert all("<tr>" in panel(html, key) for key in PANELS)
