from django import template

from .. import conf
from ..providers import configured_providers

register = template.Library()


@register.simple_tag
def signin_providers():
    """The "Or Continue with" providers configured for this site (the same for everyone)."""
    return configured_providers()


@register.simple_tag
def terms_url():
    return conf.get("TERMS_URL")
