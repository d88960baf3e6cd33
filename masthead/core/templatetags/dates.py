from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def html_datetime(value):
    """A moment for `<time datetime>`: in the site's zone, to the second. HTML allows at most
    three digits of a second's fraction, so Django's `date:'c'` (microseconds) is not valid."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
