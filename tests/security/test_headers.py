"""Every response of every URL pattern carries the security headers.

Like the wall's leak test, the sweep walks all URL patterns, so a new endpoint cannot
escape it; the admin's patterns are walked as an editor, the rest as an anonymous reader.
"""

import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import get_resolver

from tests import factories
from tests.access.test_no_leaks import fill, walk

pytestmark = pytest.mark.django_db

TEXT_TYPES = ("text/", "application/json", "application/javascript", "application/xml")
HEADERS = {
    "X-Content-Type-Options": {"nosniff"},
    # Pages that carry a token in their URL send only their origin as Referer.
    "Referrer-Policy": {"same-origin", "strict-origin"},
    "Cross-Origin-Opener-Policy": {"same-origin"},
}


def directives(policy):
    parts = (part.strip().split() for part in policy.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


class InlineCode(HTMLParser):
    """Collect what a strict policy refuses: inline scripts and styles without a nonce,
    style attributes and event-handler attributes."""

    DATA_TYPES = {"application/ld+json", "application/json"}

    def __init__(self):
        super().__init__()
        self.refused = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") not in self.DATA_TYPES:
            if not attrs.get("nonce"):
                self.refused.append("<script> without a nonce")
        if tag == "style" and not attrs.get("nonce"):
            self.refused.append("<style> without a nonce")
        self.refused += [
            f"{tag} {name}=" for name in attrs if name == "style" or name.startswith("on")
        ]


def assert_secure(response, url, *, admin=False):
    for header, values in HEADERS.items():
        assert response.get(header) in values, (url, header, response.get(header))
    content_type = response.get("Content-Type", "")
    if content_type.startswith(TEXT_TYPES) or content_type.split(";")[0].endswith("+xml"):
        assert "charset=" in content_type, (url, content_type)
    policy = directives(response.get("Content-Security-Policy", ""))
    assert policy, f"no Content-Security-Policy at {url}"
    if admin:
        assert policy["frame-ancestors"] == ["'self'"], url
        return
    assert policy["frame-ancestors"] == ["'none'"], url
    if url.startswith("/media/"):
        assert "sandbox" in policy and policy["default-src"] == ["'none'"], url
        return
    assert policy["object-src"] == ["'none'"], url
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive], (url, directive)
        assert "*" not in policy[directive] and "https:" not in policy[directive], url
    if content_type.startswith("text/html") and not response.streaming:
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert not parser.refused, (url, parser.refused)


def urls(prefix_filter, extra=()):
    article = factories.make_article(title="Headers sweep story", topics=["iran"])
    values = {
        "slug": [article.slug, "world", "iran", "staff"],
        "kind": ["section", "topic", "author"],
        "path": [article.url.strip("/")],
        "name": ["x"],
        "token": ["x"],
        "uidb64": ["x"],
        "pk": [str(article.pk)],
        "id": [str(article.pk)],
        "page_id": [str(article.pk)],
        "parent_page_id": [str(article.get_parent().pk)],
    }
    found = []
    for route in walk(get_resolver().url_patterns):
        if prefix_filter(route):
            found += fill(route, values)
    return sorted(set(found)) + [article.url, *extra]


def test_every_public_url_sends_the_strict_policy_and_the_security_headers():
    client = Client(raise_request_exception=False)
    checked = urls(lambda route: not route.startswith("admin/"), extra=["/no-such-page/"])
    for url in checked:
        assert_secure(client.get(url), url)
    assert len(checked) > 40  # the walk really covered the site


def test_every_admin_url_sends_the_admin_policy_and_the_security_headers(editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    checked = urls(lambda route: route.startswith("admin/"))[:-1]  # the admin's own
    for url in checked:
        assert_secure(client.get(url), url, admin=True)
    assert len(checked) > 100


def test_a_page_from_the_page_cache_keeps_the_policy_it_was_rendered_with(demo):
    """The cached copy is served with the header stored beside it, nonce and all."""
    client = Client()
    first = client.get(demo["seed"].url)
    second = client.get(demo["seed"].url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("MISS", "HIT")
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert_secure(second, demo["seed"].url)


def test_an_inline_script_gets_the_nonce_of_its_response(rf):
    """A template that needs an inline script uses `csp_nonce`, and the header names it."""
    from django.http import HttpResponse
    from django.template import engines

    from masthead.core.security import SecurityHeadersMiddleware

    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}">go()</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    middleware = SecurityHeadersMiddleware(view)
    request = rf.get("/")
    response = middleware(request)
    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert f"'nonce-{nonce}'" in directives(response["Content-Security-Policy"])["script-src"]
    other = middleware(rf.get("/"))
    assert other["Content-Security-Policy"] != response["Content-Security-Policy"]


def test_production_sends_hsts_for_a_year():
    """With MASTHEAD_ENV=production, HTTPS responses carry a one-year HSTS header."""
    env = {
        **os.environ,
        "MASTHEAD_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "SITE_URL": "https://news.example.com",
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
        "MASTHEAD_TESTING": "",
    }
    script = (
        "import django; django.setup();"
        "from django.test import RequestFactory;"
        "from django.http import HttpResponse;"
        "from django.middleware.security import SecurityMiddleware as S;"
        "r = RequestFactory().get('/', secure=True, HTTP_HOST='news.example.com');"
        "print(S(lambda q: HttpResponse())(r)['Strict-Transport-Security'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "max-age=31536000; includeSubDomains; preload"
