from django import template

from masthead.core import slots

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name):
    """What the apps contribute to the slot `name` (see masthead.core.slots)."""
    return slots.fill(name, context)
