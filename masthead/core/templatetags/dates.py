"""Dates as readers see them: one style per language, the exact moment in `<time datetime>`.

Pages are cached and shared, so the server always writes the exact time; masthead/site.js
rewrites today's times as "2 hours ago" in the reader's browser, keeping the exact time in
the element's title (shown on hover) and `datetime`."""

from django import template
from django.utils import formats, timezone, translation
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

register = template.Library()

# The newsroom's style for a moment, per language; other languages use Django's own.
STYLES = {
    "en": "j F Y, H:i",
    "he": "j בF Y, H:i",
    "ar": "j F Y، H:i",
}


@register.filter
def html_datetime(value):
    """A moment for `<time datetime>`: in the site's zone, to the second. HTML allows at most
    three digits of a second's fraction, so Django's `date:'c'` (microseconds) is not valid."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.filter
def reader_datetime(value):
    """A moment in the current language's one style, in the newsroom's zone."""
    if not value:
        return ""
    language = (translation.get_language() or "en").split("-")[0]
    moment = timezone.localtime(value)
    style = STYLES.get(language)
    if style is None:
        return formats.date_format(moment, "DATETIME_FORMAT")
    return format_date(moment, style)


@register.simple_tag
def moment(value):
    """`<time>` for a moment: the exact time shown, in title and in `datetime`; the page's
    script may show today's as relative ("2 hours ago")."""
    if not value:
        return ""
    exact = reader_datetime(value)
    return format_html(
        '<time class="moment" datetime="{}" title="{}">{}</time>',
        html_datetime(value),
        exact,
        exact,
    )
