"""Finding the page a URL names without walking the page tree for every request.

Wagtail walks from the site's root page, one level at a time: for /section/story/ it reads
the section by its slug, then the section as its own type, then the story the same way (four
queries after the root page). Each process remembers where each walk ended, per page-cache
generation (a publish, an unpublish or a move starts a new one, see `kept`), and the next
request for the same path loads that page as its own type in one query, which also checks
that it is still live at the same place in the tree. A page moved, renamed or unpublished
since then is walked to again, as Wagtail would.
"""

from django.conf import settings
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from . import generation

# How many paths one process remembers per generation (each a few hundred bytes).
MAX_PATHS = 50_000


@generation.per_generation
def _walks():
    """(site root page id, path components) -> (page class, page id, url_path)."""
    return {}


def components(path):
    """A URL path's components, as Wagtail's routing splits it."""
    return tuple(component for component in path.split("/") if component)


def remembered(root_page_id, path):
    """The route to the page a walk from this root along `path` found before, loaded in one
    query, if it is still live at the same place; None to walk again."""
    found = _walks().get((root_page_id, path))
    if found is None:
        return None
    model, pk, url_path = found
    page = model.objects.filter(pk=pk, live=True, url_path=url_path).first()
    return RouteResult(page) if page is not None else None


def remember(root_page, path, route):
    """Remember where Wagtail's walk from `root_page` along `path` ended. Only a plain route
    is remembered: a live page found at exactly that place in the tree, by Wagtail's own
    `Page.route` (a page type that routes paths of its own is always walked to). With
    Wagtail's translations on, the walk starts from the root in the reader's language: always
    walked."""
    if route is None or route.args or route.kwargs or settings.WAGTAIL_I18N_ENABLED:
        return
    page = route.page
    walks = _walks()
    if (
        type(page).route is Page.route
        and page.live
        and page.url_path == root_page.url_path + "".join(f"{c}/" for c in path)
        and len(walks) < MAX_PATHS
    ):
        walks[root_page.pk, path] = (type(page), page.pk, page.url_path)
