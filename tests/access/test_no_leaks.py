"""A reader who is not entitled receives no byte of the gated body, over any channel.

The test walks every URL pattern of the site, so a new endpoint cannot escape it: a
pattern it cannot fill in must be listed in SKIPPED with the reason.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from masthead.accounts.models import Member
from tests import factories

pytestmark = pytest.mark.django_db

CANARY = "Canary-b41d gated sentence"
# Patterns not checked, each with the reason.
SKIPPED = {
    "admin/": "the editors' admin: staff only, redirects anonymous readers to its login",
    "documents/": "uploaded documents, not article text",
    "media/": "uploaded files",
    "_outbox/": "the demo outbox: demo mode only, shows emails (checked by the email tests)",
}
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
VARIANTS = ["", "?format=json", "?fields=*", "?print=1", "?amp=1", "?page=2", "?q=Canary"]


def walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def fill(route, values):
    """Turn a route ('feeds/<str:kind>/<slug:slug>/rss/' or a regex) into concrete paths."""
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    paths = [route]
    for name, options in values.items():
        token = re.compile(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)")
        paths = (
            [token.sub(option, p, count=1) for p in paths for option in options]
            if any(token.search(p) for p in paths)
            else paths
        )
    return ["/" + p for p in paths if "<" not in p and "(?" not in p]


@pytest.fixture
def gated(demo):
    return factories.make_article(
        title="Leak test story",
        paragraphs=["Public lead.", "Public two.", "Public three.", CANARY],
        topics=["iran"],
    )


def test_no_endpoint_gives_gated_text_to_readers_who_are_not_entitled(gated):
    values = {
        "slug": [gated.slug, "israel-and-the-region", "world", "iran", "staff"],
        "kind": ["section", "topic", "author"],
        "path": [gated.url.strip("/")],
        "name": ["x"],
        "token": ["x"],
        "uidb64": ["x"],
        "pk": [str(gated.pk)],
        "id": [str(gated.pk)],
        "page_id": [str(gated.pk)],
    }
    member = Member.objects.create_user("leaver@example.com")
    signed_out = Client()
    signed_out.force_login(member)
    signed_out.logout()
    clients = {
        "anonymous": Client(),
        "googlebot": Client(headers={"user-agent": GOOGLEBOT}),
        "signed out": signed_out,
    }
    checked = set()
    for route in walk(get_resolver().url_patterns):
        if any(route.startswith(skip) for skip in SKIPPED):
            continue
        for path in fill(route, values) + [gated.url]:
            for variant in VARIANTS:
                url = path + variant
                if url in checked:
                    continue
                checked.add(url)
                for who, client in clients.items():
                    response = client.get(url)
                    assert response.status_code < 500, (who, url)
                    body = b"".join(response) if response.streaming else response.content
                    assert CANARY.encode() not in body, f"{who} got gated text at {url}"
    assert len(checked) > 50  # the walk really covered the site


def test_the_canary_is_visible_to_a_member(client, gated):
    client.force_login(Member.objects.create_user("member@example.com"))
    assert CANARY in client.get(gated.url).content.decode()
