"""What newsletters adds to other apps' pages (masthead.core.slots): every newsletter with a
toggle on the account page. Registered in wagtail_hooks.py."""

from django.template.loader import render_to_string

from .services import subscriptions


def account_section(context):
    request = context["request"]
    member = request.user
    choices = subscriptions.choices_for(member) if member.is_authenticated else []
    return render_to_string(
        "newsletters/includes/account_section.html", {"choices": choices}, request=request
    )
