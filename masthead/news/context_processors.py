from masthead.core import kept

from .models import SectionPage


@kept.per_generation
def navigation_sections():
    """The sections in the header, kept until a page is published or moved."""
    return [
        {"title": s.title, "url": s.url}
        for s in SectionPage.objects.live().public().in_menu().order_by("path")
    ]


def navigation(request):
    """The header's sections, read only when a template shows them."""
    return {"nav_sections": navigation_sections}
