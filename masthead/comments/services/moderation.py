"""What moderators do. Every action is written to the moderation log with who and when."""

from datetime import timedelta

from django.db import transaction

from masthead.core import clock

from ..models import Comment, Discussion, LogEntry, Standing
from . import posting, purging


def _log(moderator, action, *, comment=None, member=None, article=None, reason="", until=None):
    return LogEntry.objects.create(
        moderator=moderator,
        action=action,
        comment=comment,
        member=member or (comment.author if comment else None),
        article=article or (comment.article if comment else None),
        reason=(reason or "")[:300],
        until=until,
        created_at=clock.now(),
    )


def _resolve_reports(comment, moderator, now):
    comment.reports.filter(resolved_at=None).update(resolved_at=now, resolved_by=moderator)


@transaction.atomic
def approve(comment, moderator, *, reason=""):
    """Publish a held comment (or keep a reported one up); its open reports are settled."""
    now = clock.now()
    was_visible = comment.is_visible
    comment.status = Comment.Status.APPROVED
    comment.moderated_at, comment.moderated_by = now, moderator
    comment.save(update_fields=["status", "moderated_at", "moderated_by"])
    _resolve_reports(comment, moderator, now)
    _log(moderator, LogEntry.Action.APPROVE, comment=comment, reason=reason)
    if not was_visible and comment.is_visible:
        posting._after_publish(comment)
    return comment


@transaction.atomic
def reject(comment, moderator, *, reason=""):
    """Take a comment off the site (or keep a held one off) with the moderator's reason."""
    now = clock.now()
    was_visible = comment.is_visible
    comment.status = Comment.Status.REJECTED
    comment.status_reason = (reason or "rejected by a moderator")[:300]
    comment.featured = False
    comment.moderated_at, comment.moderated_by = now, moderator
    comment.save(
        update_fields=["status", "status_reason", "featured", "moderated_at", "moderated_by"]
    )
    _resolve_reports(comment, moderator, now)
    _log(moderator, LogEntry.Action.REJECT, comment=comment, reason=reason)
    if was_visible:
        # A comment taken off the site leaves every cache at once, the edge's too.
        purging.forget([comment.article_id])
    return comment


@transaction.atomic
def dismiss_reports(comment, moderator, *, reason=""):
    _resolve_reports(comment, moderator, clock.now())
    _log(moderator, LogEntry.Action.DISMISS_REPORTS, comment=comment, reason=reason)
    return comment


@transaction.atomic
def feature(comment, moderator, *, featured=True):
    """Feature a published comment at the top of its article's comments (or stop featuring it)."""
    if featured and not comment.is_visible:
        raise posting.NotAllowed("Only published comments can be featured.")
    comment.featured = featured
    comment.save(update_fields=["featured"])
    action = LogEntry.Action.FEATURE if featured else LogEntry.Action.UNFEATURE
    _log(moderator, action, comment=comment)
    posting._changed(comment)
    return comment


def _standing(member):
    return Standing.objects.get_or_create(member=member)[0]


@transaction.atomic
def suspend(member, moderator, *, days, reason="", comment=None):
    """Stop `member` commenting for `days` days."""
    until = clock.now() + timedelta(days=days)
    standing = _standing(member)
    standing.suspended_until, standing.reason = until, (reason or "")[:300]
    standing.save()
    _log(
        moderator,
        LogEntry.Action.SUSPEND,
        member=member,
        comment=comment,
        reason=reason,
        until=until,
    )
    return standing


@transaction.atomic
def ban(member, moderator, *, reason="", comment=None):
    """Stop `member` commenting for good (until reinstated); their held comments are rejected."""
    standing = _standing(member)
    standing.banned_at, standing.reason = clock.now(), (reason or "")[:300]
    standing.save()
    held = Comment.objects.filter(author=member, status=Comment.Status.PENDING)
    held.update(status=Comment.Status.REJECTED, status_reason="author banned")
    _log(moderator, LogEntry.Action.BAN, member=member, comment=comment, reason=reason)
    return standing


@transaction.atomic
def reinstate(member, moderator, *, reason=""):
    standing = _standing(member)
    standing.banned_at = standing.suspended_until = None
    standing.reason = ""
    standing.save()
    _log(moderator, LogEntry.Action.REINSTATE, member=member, reason=reason)
    return standing


@transaction.atomic
def set_discussion_state(article, moderator, state):
    """Close an article's comments, keep them open, or let them close by age."""
    discussion, _ = Discussion.objects.get_or_create(article=article)
    discussion.state = state
    discussion.changed_at, discussion.changed_by = clock.now(), moderator
    discussion.save()
    action = {
        Discussion.State.CLOSED: LogEntry.Action.CLOSE,
        Discussion.State.OPEN: LogEntry.Action.OPEN,
        Discussion.State.AUTO: LogEntry.Action.AUTO,
    }[state]
    _log(moderator, action, article=article)
    article_id = article.pk
    from . import reading

    transaction.on_commit(lambda: reading.bump(article_id))
    return discussion
