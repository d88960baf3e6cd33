"""What alerts adds to other apps' pages (masthead.core.slots): its stylesheet, the opt-in
under a story and the reader's browsers on the account page. Registered in wagtail_hooks.py."""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from . import services
from .models import PushSubscription


def article_optin(context):
    """The breaking-news opt-in for an article page: the same HTML for every reader (it is
    kept in the story's fragment cache), so rendered without the request."""
    return render_to_string(
        "alerts/includes/optin.html",
        {
            "choices": services.article_choices(context["page"]),
            "newsletter_url": reverse("accounts:account") + "#newsletters",
        },
    )


def account_section(context):
    """The signed-in reader's browsers that get alerts, on the account page."""
    request = context["request"]
    member = request.user
    subscriptions = (
        PushSubscription.objects.filter(member=member).order_by("-created_at")
        if member.is_authenticated
        else PushSubscription.objects.none()
    )
    return render_to_string(
        "alerts/includes/account_section.html",
        {"subscriptions": subscriptions, "choices": services.topic_choices()},
        request=request,
    )


def stylesheet(context):
    """The opt-in's and the account section's styles, the same on every page."""
    return format_html('<link rel="stylesheet" href="{}">', static("alerts/alerts.css"))
