from django import template

from .. import rendering

register = template.Library()


@register.filter
def comment_html(text):
    """A comment's plain text as safe HTML: paragraphs and links, everything else escaped."""
    return rendering.render(text)
