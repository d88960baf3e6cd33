"""The publication's brand as every page shows it: the logo, the footer's pages and social
accounts, and the colours (`/brand.css`, only when they differ from the stylesheet's own).

Read once per page-cache generation in each process (`kept`; saving the settings starts a new
one), so rendering a page asks the database nothing for it."""

import hashlib

from django.http import HttpResponse, HttpResponseNotFound
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.models import Site

from . import colours, generation, sites
from .models import BrandSettings

LOGO_HEIGHT = 40
# The logo's file, twice its height on the page for sharp screens.
LOGO_RENDITION = f"height-{LOGO_HEIGHT * 2}"


def _logo(image):
    if image is None:
        return None
    rendition = image.get_rendition(LOGO_RENDITION)
    return {
        "url": rendition.url,
        "width": round(rendition.width * LOGO_HEIGHT / rendition.height),
        "height": LOGO_HEIGHT,
    }


def _colours_css(accent, accent_dark):
    """The custom properties site.css reads, for the light theme, the dark theme chosen, and
    the dark theme followed from the system without a choice."""
    dark = f"--accent:{accent_dark}"
    return (
        f":root{{--accent:{accent}}}"
        f':root[data-theme="dark"]{{{dark}}}'
        f"@media (prefers-color-scheme:dark){{:root:not([data-theme=light]){{{dark}}}}}"
    )


def _brand(settings):
    css = ""
    if (settings.accent.lower(), settings.accent_dark.lower()) != (
        colours.DEFAULT_ACCENT,
        colours.DEFAULT_ACCENT_DARK,
    ):
        css = _colours_css(settings.accent.lower(), settings.accent_dark.lower())
    version = hashlib.sha256(css.encode()).hexdigest()[:12]
    return {
        "logo": _logo(settings.logo),
        "footer_pages": [
            {"title": link.label or link.page.title, "url": link.page.url}
            for link in settings.footer_pages.select_related("page")
            if link.page.live
        ],
        "social_links": [
            {"name": link.name, "url": link.url} for link in settings.social_links.all()
        ],
        "footer_note": settings.footer_note,
        "css": css,
        "css_url": f"{reverse('brand_css')}?v={version}" if css else "",
    }


@generation.per_generation
def _by_site():
    """Every site's brand, by site id. A site never saved gets the defaults, without a row."""
    found = {s.site_id: _brand(s) for s in BrandSettings.objects.select_related("logo", "site")}
    default = _brand(BrandSettings())
    for site_id in Site.objects.values_list("pk", flat=True):
        found.setdefault(site_id, default)
    found[None] = default
    return found


def for_site(site_id):
    brands = _by_site()
    return brands.get(site_id, brands[None])


def for_request(request):
    """The brand of the request's site (picked from the kept sites, no query)."""
    site = sites._pick(request)[0]  # noqa: SLF001 - the kept sites, whatever the view
    return for_site(site.pk if site else None)


@require_safe
def brand_css(request):
    """The brand's colours for the request's site; versioned by its address (`?v=`), so a
    browser keeps it for a year."""
    css = for_request(request)["css"]
    if not css:
        return HttpResponseNotFound("", content_type="text/css")
    response = HttpResponse(css, content_type="text/css")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
