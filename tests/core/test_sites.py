"""The site of each request is picked in the process, as Wagtail picks it, and a changed
site answers at once."""

import itertools

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from masthead.core import sites
from masthead.news.models import SectionPage

pytestmark = pytest.mark.django_db

HOSTS = ["news.example", "other.example", "unknown.example"]
PORTS = [80, 443, 8080]


def wagtails_pick(hostname, port):
    try:
        return get_site_for_hostname(hostname, port).pk
    except Site.DoesNotExist:
        return None


def our_pick(hostname, port):
    request = RequestFactory().get("/", HTTP_HOST=f"{hostname}:{port}", SERVER_PORT=str(port))
    site = sites.for_request(request)
    return site.pk if site else None


@pytest.mark.parametrize("default_host", ["news.example", "elsewhere.example", None])
def test_the_same_site_as_wagtail_for_every_host_and_port(demo, default_host):
    """Hostname and port, hostname on the default site, the default site, one other site with
    the hostname: every rule of Wagtail's, with and without a default site."""
    world, opinion = SectionPage.objects.filter(slug__in=["world", "opinion"])
    Site.objects.all().delete()
    if default_host:
        Site.objects.create(
            hostname=default_host, port=80, root_page=demo["home"], is_default_site=True
        )
    Site.objects.create(hostname="news.example", port=8080, root_page=world)
    Site.objects.create(hostname="other.example", port=443, root_page=opinion)
    Site.objects.create(hostname="other.example", port=8080, root_page=world)
    for hostname, port in itertools.product(HOSTS, PORTS):
        assert our_pick(hostname, port) == wagtails_pick(hostname, port), (hostname, port)


def heading(client, host):
    page = BeautifulSoup(client.get("/", HTTP_HOST=host).content, "html.parser")
    return page.select_one("main h1").get_text(strip=True)


def test_a_new_site_a_new_root_and_a_deleted_site_answer_at_once(client, demo):
    """Each process keeps the sites, and every cached page is dropped when one changes."""
    world, opinion = (SectionPage.objects.get(slug=slug) for slug in ("world", "opinion"))
    front = heading(client, "localhost")
    assert heading(client, "localhost") == front  # now cached
    site = Site.objects.create(hostname="localhost", port=80, root_page=world)
    assert heading(client, "localhost") == world.title
    site.root_page = opinion
    site.save()
    assert heading(client, "localhost") == opinion.title
    site.delete()
    assert heading(client, "localhost") == front
