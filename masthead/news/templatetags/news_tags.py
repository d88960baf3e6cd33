import json

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .. import images

register = template.Library()


@register.simple_tag
def responsive_image(
    image, shape="story", sizes="(min-width: 48rem) 46rem, 100vw", css_class="", loading="lazy"
):
    """A <picture> with WebP and JPEG sources at several widths."""
    if image is None:
        return ""
    by_format = images.renditions(image, shape)

    def srcset(renditions):
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)

    fallback = by_format["jpeg"][-1]
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" class="{}" '
        'loading="{}" decoding="async"></picture>',
        srcset(by_format["webp"]),
        sizes,
        fallback.url,
        srcset(by_format["jpeg"]),
        sizes,
        fallback.width,
        fallback.height,
        image.alt_text,
        css_class,
        loading,
    )


@register.filter
def author_names(authors):
    names = [a.name for a in authors]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@register.simple_tag
def byline_links(authors):
    return format_html_join(
        ", ", '<a href="{}" rel="author">{}</a>', ((a.get_absolute_url(), a.name) for a in authors)
    )


@register.filter
def json_ld(data):
    """Serialise structured data for a <script> element; `<`, `>` and `&` cannot break out."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above  # nosec B308 B703
