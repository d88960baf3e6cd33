from django import template

from .. import rendering

register = template.Library()


@register.filter
def comment_html(text):
    """A comment's plain text as safe HTML: paragraphs and links, everything else escaped."""
    return rendering.render(text)


@register.simple_tag
def notify_replies(member):
    """Whether `member` asked for an email when someone replies to their comment."""
    from ..services import notifications

    return notifications.wants_reply_emails(member)
