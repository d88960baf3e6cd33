from django import template

from ..services import subscriptions

register = template.Library()


@register.inclusion_tag("newsletters/includes/account.html", takes_context=True)
def newsletters_account(context):
    """Every newsletter with a toggle, on the signed-in reader's account page."""
    member = context["request"].user
    choices = subscriptions.choices_for(member) if member.is_authenticated else []
    return {"choices": choices, "csrf_token": context.get("csrf_token")}
