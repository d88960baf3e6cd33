"""Make an installation a news site: a front page at the root of the default site, whose
address follows SITE_URL (so canonical URLs, feeds and sitemaps use the public address)."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from .models import HomePage


def ensure_front_page():
    """Return the front page, replacing Wagtail's welcome page with it on a new site."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        welcome = root.get_children().filter(content_type__model="page", slug="home").first()
        if welcome is not None and not welcome.get_children().exists():
            welcome.delete()
        home = HomePage(title=settings.WAGTAIL_SITE_NAME, slug="home", strapline="")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    url = urlsplit(settings.SITE_URL)
    wanted = {
        "root_page_id": home.pk,
        "hostname": url.hostname,
        "port": url.port or (443 if url.scheme == "https" else 80),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    if any(getattr(site, field) != value for field, value in wanted.items()):
        for field, value in wanted.items():
            setattr(site, field, value)
        site.save()
    return home
