"""What sharing adds to other apps' pages (masthead.core.slots). Registered in wagtail_hooks.py."""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html

from . import services


def story_tools(context):
    """Share links and "Give this story", in the story's header: kept in the story's fragment,
    so made of the page alone (the same for every reader with the same access)."""
    page = context.get("page")
    if page is None or not page.pk or not page.live:
        return ""  # a draft's preview: nothing to share yet
    return render_to_string(
        "sharing/includes/story_tools.html",
        {"page": page, "giveable": services.may_be_given(page)},
    )


def account_section(context):
    """The member's gift links, each with its state and a button revoking it."""
    request = context["request"]
    gifts = [
        {"gift": gift, "status": services.status(gift)} for gift in services.links_of(request.user)
    ]
    return render_to_string(
        "sharing/includes/account_section.html",
        {"gifts": gifts, "left": services.left_this_month(request.user)},
        request=request,
    )


def stylesheet(context):
    return format_html('<link rel="stylesheet" href="{}">', static("sharing/sharing.css"))


def script(context):
    return format_html('<script src="{}" defer></script>', static("sharing/sharing.js"))
