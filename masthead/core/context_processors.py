from django.conf import settings
from django.core.cache import cache

from . import privacy

NAV_CACHE_KEY = "core:nav-sections"


def navigation_sections():
    """The sections in the header, cached until a page is published or moved."""
    sections = cache.get(NAV_CACHE_KEY)
    if sections is None:
        from masthead.news.models import SectionPage

        sections = [
            {"title": s.title, "url": s.url}
            for s in privacy.public(SectionPage.objects.live().in_menu()).order_by("path")
        ]
        cache.set(NAV_CACHE_KEY, sections, 3600)
    return sections


def site(request):
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
        "nav_sections": navigation_sections,
    }
