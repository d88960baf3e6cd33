from django import template

from .. import corrections

register = template.Library()


@register.simple_tag
def story_corrections(article):
    """The story's corrections, oldest first, for its foot."""
    return corrections.of_article(article)


@register.filter
def iso_time(value):
    """A time for `<time datetime>`: the site's zone, to the second."""
    return corrections.iso_time(value) if value else ""
