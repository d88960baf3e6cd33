"""What members do: post, reply, edit, delete, like and report."""

from datetime import timedelta

from django.db import IntegrityError, transaction

from masthead.core import clock
from masthead.core.text import clean_name

from .. import conf, rendering
from ..models import Comment, Like, Report, Verdict
from . import pipeline, purging, reading


class NotAllowed(Exception):
    """The member may not do this to this comment; `str()` says why, for the member."""


def _save_verdicts(comment, verdicts):
    comment.verdicts.all().delete()
    Verdict.objects.bulk_create(
        Verdict(
            comment=comment,
            position=index,
            check_name=v.check,
            outcome=v.outcome,
            note=v.note[:300],
        )
        for index, v in enumerate(verdicts)
    )


def _changed(comment):
    """Readers' view of the article's comments may have changed: forget cached fragments."""
    article_id = comment.article_id
    transaction.on_commit(lambda: reading.bump(article_id))


def _after_publish(comment):
    from .notifications import enqueue_reply_notification

    _changed(comment)
    enqueue_reply_notification(comment)


def thread_position(parent):
    """Where a reply to `parent` goes (None: a new thread): its parent, root and depth. Replies
    below the deepest level join their parent's conversation instead."""
    if parent is None:
        return {"parent": None, "root": None, "depth": 1}
    while parent.depth >= conf.get("COMMENTS_MAX_DEPTH") and parent.parent_id:
        parent = parent.parent
    return {"parent": parent, "root": parent.root or parent, "depth": parent.depth + 1}


def post_comment(author, article, text, *, parent=None, display_name=None):
    """Run the pipeline on a new comment (or reply) and store it with its verdicts.

    Raises `pipeline.Refused` when a check refuses it (nothing is stored) and `NotAllowed`
    when the reply's parent is not a visible comment of the same article.
    """
    now = clock.now()
    text = rendering.normalise(text)
    if parent is not None:
        if parent.article_id != article.pk or not parent.is_visible:
            raise NotAllowed("That comment is no longer available to reply to.")
    position = thread_position(parent)
    parent = position["parent"]
    submission = pipeline.Submission(
        author=author,
        article=article,
        text=text,
        now=now,
        discussion_open=reading.discussion_is_open(article, now),
        parent=parent,
    )
    verdicts = pipeline.run(submission)
    with transaction.atomic():
        display_name = clean_name(display_name, 80)
        if display_name and not author.display_name:
            author.display_name = display_name
            author.save(update_fields=["display_name"])
        comment = Comment.objects.create(
            article=article,
            author=author,
            **position,
            text=text,
            status=pipeline.status_for(verdicts),
            status_reason=pipeline.reason_for(verdicts)[:300],
            created_at=now,
        )
        _save_verdicts(comment, verdicts)
        if comment.is_visible:
            _after_publish(comment)
    return comment


def can_edit(member, comment, now=None):
    # The comments view passes one moment for every comment on the page it renders.
    now = now or clock.now()
    return (
        comment.author_id is not None
        and getattr(member, "pk", None) == comment.author_id
        and comment.deleted_at is None
        and comment.status != Comment.Status.REJECTED
        and now - comment.created_at <= timedelta(seconds=conf.get("COMMENTS_EDIT_SECONDS"))
    )


def edit_comment(member, comment, text):
    """Change a comment's text within the edit window; the checks run again on the new text."""
    now = clock.now()
    if member.pk != comment.author_id:
        raise NotAllowed("You can edit only your own comments.")
    if not can_edit(member, comment, now):
        raise NotAllowed("Comments can be edited for 5 minutes after posting.")
    text = rendering.normalise(text)
    submission = pipeline.Submission(
        author=member,
        article=comment.article,
        text=text,
        now=now,
        discussion_open=reading.discussion_is_open(comment.article, now),
        editing=comment,
    )
    verdicts = pipeline.run(submission)
    was_visible = comment.is_visible
    status = pipeline.status_for(verdicts)
    # An edit never publishes what a moderator has not seen: a held comment stays held.
    if comment.status == Comment.Status.PENDING and status == Comment.Status.APPROVED:
        status = Comment.Status.PENDING
    with transaction.atomic():
        comment.text = text
        comment.edited_at = now
        comment.status = status
        comment.status_reason = pipeline.reason_for(verdicts)[:300]
        comment.save(update_fields=["text", "edited_at", "status", "status_reason"])
        _save_verdicts(comment, verdicts)
        if was_visible or comment.is_visible:
            _changed(comment)
    return comment


def delete_comment(member, comment):
    """The author removes their comment; its text is erased, its replies keep their place."""
    if member.pk != comment.author_id:
        raise NotAllowed("You can delete only your own comments.")
    if comment.deleted_at is not None:
        return comment
    comment.deleted_at = clock.now()
    comment.text = ""
    comment.featured = False
    comment.save(update_fields=["deleted_at", "text", "featured"])
    # Words taken back leave every cache at once, the edge's too (`purging`).
    purging.forget([comment.article_id])
    return comment


def _require_good_standing(member):
    sub = pipeline.Submission(
        author=member, article=None, text="", now=clock.now(), discussion_open=True
    )
    verdict = pipeline.author_in_good_standing(sub)
    if verdict.outcome == pipeline.REFUSE:
        raise NotAllowed(verdict.message)


def toggle_like(member, comment):
    """Like a visible comment of someone else, or take the like back. Returns True if liked."""
    _require_good_standing(member)
    if not comment.is_visible:
        raise NotAllowed("That comment is no longer available.")
    if member.pk == comment.author_id:
        raise NotAllowed("You cannot like your own comment.")
    with transaction.atomic():
        deleted, _ = Like.objects.filter(comment=comment, member=member).delete()
        if deleted:
            reading.increment_likes(comment.pk, -1)
            liked = False
        else:
            try:
                with transaction.atomic():
                    Like.objects.create(comment=comment, member=member)
            except IntegrityError:  # a double click raced us; the like exists
                return True
            reading.increment_likes(comment.pk, 1)
            liked = True
    _changed(comment)
    return liked


def report_comment(member, comment, reason, detail=""):
    """Report a visible comment to the moderators, once per member (a second report updates it)."""
    _require_good_standing(member)
    if not comment.is_visible:
        raise NotAllowed("That comment is no longer available.")
    if member.pk == comment.author_id:
        raise NotAllowed("You cannot report your own comment.")
    if reason not in Report.Reason.values:
        raise NotAllowed("Choose a reason.")
    report, _ = Report.objects.update_or_create(
        comment=comment,
        reporter=member,
        defaults={
            "reason": reason,
            "detail": rendering.normalise(detail)[:500],
            "created_at": clock.now(),
            "resolved_at": None,
            "resolved_by": None,
        },
    )
    return report
