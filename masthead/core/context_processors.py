from django.conf import settings

from . import kept


@kept.per_generation
def navigation_sections():
    """The sections in the header, kept until a page is published or moved."""
    from masthead.news.models import SectionPage

    return [
        {"title": s.title, "url": s.url}
        for s in SectionPage.objects.live().public().in_menu().order_by("path")
    ]


def site(request):
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
        "nav_sections": navigation_sections,
    }
