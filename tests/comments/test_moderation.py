"""Moderation in the Wagtail admin: the queue, its actions, the log, and who may use them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from masthead.comments import services
from masthead.comments.models import Comment, Discussion, LogEntry, Standing

from .conftest import make_member

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/"


@pytest.fixture
def held(reader, article, settings):
    settings.COMMENTS_PREMODERATE_FIRST = 1
    return services.post_comment(reader, article, "Held-for-review words.")


def test_the_queue_lists_pending_comments(moderator, held):
    html = moderator.get(QUEUE).content.decode()
    assert "Held-for-review words." in html
    assert "Pending (1)" in html


def test_the_reported_tab_lists_comments_with_open_reports(moderator, article, reader, other):
    comment = services.post_comment(other, article, "Reported-words here.")
    calm = services.post_comment(other, article, "Nobody minds this.")
    services.report_comment(reader, comment, "abuse", "Rude")
    html = moderator.get(QUEUE + "?tab=reported").content.decode()
    assert "Reported-words here." in html and "Nobody minds this." not in html
    assert "Reported (1)" in html
    assert "Nobody minds this." in moderator.get(QUEUE + "?tab=all").content.decode()
    assert calm


def test_approving_publishes_and_logs_who_and_when(moderator, editor, held, article):
    before = timezone.now()
    response = moderator.post(f"{QUEUE}{held.pk}/", {"action": "approve"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED and held.moderated_by == editor
    assert "Held-for-review words." in Client().get(f"/comments/{article.pk}/").content.decode()
    entry = LogEntry.objects.get()
    assert (entry.moderator, entry.action, entry.comment, entry.member) == (
        editor,
        "approve",
        held,
        held.author,
    )
    assert entry.created_at >= before
    log = moderator.get(QUEUE + "log/").content.decode()
    assert "approved" in log and editor.email in log


def test_rejecting_takes_a_published_comment_down_with_the_reason(
    moderator, article, reader, other
):
    comment = services.post_comment(other, article, "Soon-rejected words.")
    services.report_comment(reader, comment, "spam")
    moderator.post(f"{QUEUE}{comment.pk}/", {"action": "reject", "reason": "Spam link"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED and comment.status_reason == "Spam link"
    assert comment.reports.get().resolved_at is not None
    assert "Soon-rejected" not in Client().get(f"/comments/{article.pk}/").content.decode()
    assert LogEntry.objects.get().reason == "Spam link"


def test_bulk_approve_and_reject(moderator, article, settings):
    settings.COMMENTS_PREMODERATE_FIRST = 1
    authors = [make_member(f"bulk{n}@example.com") for n in range(3)]
    comments = [services.post_comment(a, article, f"Bulk {n}") for n, a in enumerate(authors)]
    moderator.post(
        QUEUE + "bulk/",
        {"action": "approve", "comment": [comments[0].pk, comments[1].pk], "tab": "pending"},
    )
    moderator.post(QUEUE + "bulk/", {"action": "reject", "comment": [comments[2].pk]})
    statuses = [Comment.objects.get(pk=c.pk).status for c in comments]
    assert statuses == ["approved", "approved", "rejected"]
    assert list(LogEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "approve",
        "approve",
        "reject",
    ]


def test_suspend_the_author_for_a_time(moderator, editor, held, article):
    moderator.post(f"{QUEUE}{held.pk}/", {"action": "suspend", "days": "3", "reason": "Heat"})
    standing = Standing.objects.get(member=held.author)
    assert standing.suspended_until > timezone.now() + timedelta(days=2, hours=23)
    with pytest.raises(services.Refused):
        services.post_comment(held.author, article, "During the suspension.")
    entry = LogEntry.objects.get()
    assert (entry.action, entry.member, entry.until) == (
        "suspend",
        held.author,
        standing.suspended_until,
    )


def test_ban_rejects_held_comments_and_stops_posting(moderator, held, article):
    moderator.post(f"{QUEUE}{held.pk}/", {"action": "ban", "reason": "Troll"})
    held.refresh_from_db()
    assert held.status == Comment.Status.REJECTED
    with pytest.raises(services.Refused) as refused:
        services.post_comment(held.author, article, "Still here.")
    assert refused.value.verdict.note == "banned"
    moderator.post(f"{QUEUE}{held.pk}/", {"action": "reinstate"})
    services.post_comment(held.author, article, "Back again.")
    assert list(LogEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "ban",
        "reinstate",
    ]


def test_an_invalid_suspension_is_refused(moderator, held):
    moderator.post(f"{QUEUE}{held.pk}/", {"action": "suspend", "days": "0"})
    assert not Standing.objects.exists() and not LogEntry.objects.exists()


def test_editors_feature_a_comment(moderator, article, reader):
    comment = services.post_comment(reader, article, "Featured-worthy insight.")
    moderator.post(f"{QUEUE}{comment.pk}/", {"action": "feature"})
    comment.refresh_from_db()
    assert comment.featured
    html = Client().get(f"/comments/{article.pk}/").content.decode()
    assert "comments__featured" in html and "Featured-worthy insight." in html
    assert LogEntry.objects.get().action == "feature"


def test_editors_close_and_reopen_a_discussion(moderator, article, signed_in):
    moderator.post(QUEUE + "discussions/", {"article": article.pk, "state": "closed"})
    assert Discussion.objects.get(article=article).state == "closed"
    response = signed_in.post(f"/comments/{article.pk}/post/", {"text": "Closed?"})
    assert response.status_code == 400
    moderator.post(QUEUE + "discussions/", {"article": article.pk, "state": "auto"})
    assert signed_in.post(f"/comments/{article.pk}/post/", {"text": "Open!"}).status_code == 303
    actions = list(LogEntry.objects.order_by("pk").values_list("action", "article"))
    assert actions == [("close", article.pk), ("auto", article.pk)]
    assert article.title in moderator.get(QUEUE + "discussions/").content.decode()


def test_detail_shows_verdicts_reports_and_the_author(moderator, held):
    html = moderator.get(f"{QUEUE}{held.pk}/").content.decode()
    assert "first_comments" in html and "held for a moderator" in html
    assert held.author.email in html


@pytest.mark.parametrize("who", ["anonymous", "reader", "reporter without the permission"])
def test_nobody_else_reaches_moderation(who, held, reader, reporter):
    """Anonymous visitors and readers are sent to the admin's sign-in; staff without the
    permission are refused. Nothing changes and nothing is logged."""
    client = Client()
    if who == "reader":
        client.force_login(reader)
    elif who != "anonymous":
        client.force_login(reporter)
    urls = [QUEUE, f"{QUEUE}{held.pk}/", QUEUE + "log/", QUEUE + "discussions/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Held-for-review" not in response.content.decode()
    client.post(f"{QUEUE}{held.pk}/", {"action": "approve"})
    client.post(QUEUE + "bulk/", {"action": "approve", "comment": [held.pk]})
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING
    assert not LogEntry.objects.exists()


def test_the_menu_shows_comments_to_moderators_only(moderator, reporter):
    assert '"url": "/admin/comments/"' in moderator.get("/admin/").content.decode()
    client = Client()
    client.force_login(reporter)
    assert '"url": "/admin/comments/"' not in client.get("/admin/").content.decode()


def test_moderation_forms_need_csrf(editor, held):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(f"{QUEUE}{held.pk}/", {"action": "approve"}).status_code == 403
    assert (
        client.post(QUEUE + "bulk/", {"action": "approve", "comment": [held.pk]}).status_code == 403
    )
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING
