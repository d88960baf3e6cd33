"""What comments adds to other apps' pages (masthead.core.slots): the discussion under a story
and the reply-email preference on the account page. Registered in wagtail_hooks.py."""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html

from masthead.news.models import ArticlePage

from .services import notifications


def article_discussion(context):
    """The comments of a story, loaded as a fragment so the page stays cacheable; a story
    never saved (its preview) has none."""
    page = context["page"]
    if not page.pk:
        return ""
    return render_to_string("comments/includes/article_slot.html", {"page": page})


def account_section(context):
    request = context["request"]
    return render_to_string(
        "comments/includes/account_section.html",
        {"notify": notifications.wants_reply_emails(request.user)},
        request=request,
    )


def stylesheet(context):
    """The comments' own styles, on the pages that show comments: a story, the comments
    page."""
    if "article" in context or isinstance(context.get("page"), ArticlePage):
        return format_html('<link rel="stylesheet" href="{}">', static("comments/comments.css"))
    return ""
