"""Which Wagtail site answers a request, without asking the database every time.

Wagtail looks the site up for each request (one query with a ranking of every candidate),
then loads the site's root page twice over (as a page, then as its own type). The sites are
few and rarely change: each process keeps them per page-cache generation (`kept`; a saved or
deleted site starts a new one, `signal_handlers`), picks the site as Wagtail does, and loads
the root page once, as its own type, for the pages Wagtail serves. The sites' root paths,
which every page URL needs, are kept the same way. A path a walk found before is then
served without the root page (`routing`).
"""

from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from . import generation, routing

FIELDS = ("pk", "hostname", "port", "site_name", "root_page_id", "is_default_site")


@generation.per_generation
def _sites():
    """Every site's fields, and its root page's content type."""
    return list(Site.objects.values(*FIELDS, "root_page__content_type_id"))


@generation.per_generation
def _root_paths():
    """Every site's root path and URL, for page URLs (immutable named tuples)."""
    return Site.get_site_root_paths()


def _best(sites, hostname, port):
    """The site for hostname:port, as `wagtail.models.sites.get_site_for_hostname` picks it:
    hostname and port, then hostname on the default site, then the default site unless
    exactly one other site has the hostname."""
    named = [s for s in sites if s["hostname"] == hostname]
    for site in named:
        if site["port"] == port:
            return site
    for site in named:
        if site["is_default_site"]:
            return site
    default = next((s for s in sites if s["is_default_site"]), None)
    if default is not None and len(named) == 1:
        return named[0]
    return default or (named[0] if len(named) == 1 else None)


def _site_for(hostname, port):
    """The site (its root page not loaded yet) and its root page's content type id."""
    row = _best(_sites(), hostname, port)
    if row is None:
        return None, None
    return Site(**{name: row[name] for name in FIELDS}), row["root_page__content_type_id"]


def _with_root(site, root_type_id):
    """The site with its root page loaded once, as its own type; None if it is gone."""
    root_class = ContentType.objects.get_for_id(root_type_id).model_class()
    site.root_page = (root_class or Page).objects.filter(pk=site.root_page_id).first()
    return site if site.root_page else None


def _pick(request):
    hostname = split_domain_port(request._get_raw_host())[0]  # noqa: SLF001 - as Wagtail does
    port = request.get_port()
    return _site_for(hostname, int(port) if port.isdigit() else None)


def for_request(request):
    """The request's site, with its root page, or None."""
    site, root_type_id = _pick(request)
    return _with_root(site, root_type_id) if site else None


class SiteMiddleware:
    """Give each page Wagtail serves its site the way `Site.find_for_request` looks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        walk = getattr(request, "_masthead_walk", None)
        if walk is not None:  # Wagtail walked the tree: remember where it led
            root, path = walk
            routing.remember(root, path, getattr(request, "_wagtail_route_for_request", None))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            return
        # Where Wagtail caches them for the request (for every page URL it builds).
        request._wagtail_cached_site_root_paths = _root_paths()  # noqa: SLF001
        site, root_type_id = _pick(request)
        path = routing.components(view_args[0] if view_args else view_kwargs.get("path", ""))
        route = routing.remembered(site.root_page_id, path) if site else None
        if route is not None:
            request._wagtail_site = site  # noqa: SLF001 - its root page loads if asked for
            request._wagtail_route_for_request = route  # noqa: SLF001 - as Wagtail caches it
            return
        request._wagtail_site = site = _with_root(site, root_type_id) if site else None  # noqa: SLF001
        if site is not None:
            request._masthead_walk = (site.root_page, path)
