from masthead.core import generation

from .models import SectionPage


@generation.per_generation
def navigation_sections():
    """The sections in the header, kept until a page is published or moved."""
    return [
        {"title": s.title, "url": s.url}
        for s in SectionPage.objects.live().public().in_menu().order_by("path")
    ]


def current_section(path, sections):
    """The section `path` is in, with how: "page" on the section's own pages (its listing
    and their pages), "true" inside it (a story of the section); None elsewhere."""
    for section in sections:
        url = section["url"]
        if url and url != "/" and path.startswith(url):
            return {"url": url, "current": "page" if path == url else "true"}
    return None


class Navigation:
    """The header's sections and which one the page is in, computed only when shown."""

    def __init__(self, path):
        self.path = path

    def __iter__(self):
        return iter(self.sections)

    @property
    def sections(self):
        found = current_section(self.path, navigation_sections())
        return [
            {**s, "current": found["current"] if found and found["url"] == s["url"] else ""}
            for s in navigation_sections()
        ]


def navigation(request):
    """The header's sections, read only when a template shows them."""
    return {"nav_sections": Navigation(request.path)}
