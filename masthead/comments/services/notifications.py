"""Reply notifications: the parent's author hears of a published reply, if they asked to."""

from django.db import transaction

from masthead.core import clock
from masthead.core.text import clean_name


def enqueue_reply_notification(comment):
    """After commit, queue the email for a newly published reply (the task sends it once)."""
    if comment.parent_id is None or comment.reply_notified_at is not None:
        return
    comment_id = comment.pk

    def enqueue():
        from ..tasks import notify_reply

        notify_reply.enqueue(comment_id)

    transaction.on_commit(enqueue)


def unsubscribe_token(member):
    from django.core import signing

    return signing.dumps(member.pk, salt="comments.unsubscribe", compress=True)


def member_for_unsubscribe(token):
    """The member an unsubscribe token names, or None for a forged or damaged token."""
    from django.core import signing

    from masthead.accounts.models import Member

    try:
        pk = signing.loads(token, salt="comments.unsubscribe")
    except signing.BadSignature:
        return None
    return Member.objects.filter(pk=pk).first()


def set_notify_replies(member, value):
    from ..models import Preferences

    Preferences.objects.update_or_create(member=member, defaults={"notify_replies": value})


def wants_reply_emails(member):
    from ..models import Preferences

    return Preferences.objects.filter(member=member, notify_replies=True).exists()


def send_reply_notification(comment_id, mailer=None):
    """Send the reply email if the reply is published and its parent's author wants it.

    The claim on `reply_notified_at` is taken under a row lock, so two runs send one email.
    Returns True when an email was sent.
    """
    from django.conf import settings
    from django.core.mail import EmailMessage, mailers
    from django.template.loader import render_to_string
    from django.urls import reverse

    from ..models import Comment

    with transaction.atomic():
        reply = (
            Comment.objects.select_for_update(of=("self",))
            .filter(pk=comment_id, reply_notified_at=None)
            .select_related("parent__author", "author", "article")
            .first()
        )
        if reply is None or not reply.is_visible or reply.parent is None:
            return False
        recipient = reply.parent.author
        if recipient is None:  # a comment brought over from elsewhere: no one to tell
            return False
        if recipient.pk == reply.author_id or not recipient.is_active:
            return False
        if not reply.parent.is_visible or not wants_reply_emails(recipient):
            return False
        reply.reply_notified_at = clock.now()
        reply.save(update_fields=["reply_notified_at"])
    unsubscribe = settings.SITE_URL + reverse(
        "comments:unsubscribe", args=[unsubscribe_token(recipient)]
    )
    context = {
        "reply": reply,
        # The plain-text <bdi>: first-strong isolate ... pop directional isolate, so a name
        # in a right-to-left script (or one saved before names were cleaned) cannot
        # reorder the words after it.
        "name": f"\u2068{clean_name(reply.author.display_name) or 'A reader'}\u2069",
        "article_title": reply.article.title,
        "link": f"{settings.SITE_URL}{reply.article.url}#comment-{reply.pk}",
        "unsubscribe": unsubscribe,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    message = EmailMessage(
        subject=f"New reply to your comment on “{reply.article.title}”",
        body=render_to_string("comments/email/reply.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    (mailer or mailers.default).send_messages([message])
    return True
