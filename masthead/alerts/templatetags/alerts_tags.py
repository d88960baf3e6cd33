from django import template
from django.urls import reverse

from .. import services
from ..models import PushSubscription

register = template.Library()


@register.inclusion_tag("alerts/includes/optin.html")
def alerts_optin(article):
    """The breaking-news opt-in for an article page: the same HTML for every reader."""
    return {
        "choices": services.article_choices(article),
        "newsletter_url": reverse("accounts:account") + "#newsletters",
    }


@register.inclusion_tag("alerts/includes/account.html", takes_context=True)
def alerts_account(context):
    """The signed-in reader's browsers that get alerts, on the account page."""
    request = context["request"]
    member = request.user
    subscriptions = (
        PushSubscription.objects.filter(member=member).order_by("-created_at")
        if member.is_authenticated
        else PushSubscription.objects.none()
    )
    return {
        "request": request,
        "subscriptions": subscriptions,
        "choices": services.audience_choices(),
        "csrf_token": context.get("csrf_token"),
    }
