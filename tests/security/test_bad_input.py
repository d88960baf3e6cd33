"""Input the databases cannot store never reaches a view, and no address answers bad input
with a 500.

Every URL pattern of the project (``django.urls.get_resolver()``) is reversed with a
harmless placeholder in each of its parameters; the placeholder is then replaced by bad
values, as a client would send them (percent-encoded). Each address is requested with
GET and POST, anonymously and as a member, with the bad value in the path, in the query
string, in form fields and in a JSON body. The suite runs on SQLite and, with
``MASTHEAD_TEST_DATABASE_URL``, on PostgreSQL, which refuses NUL in text.
"""

import functools
import json
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from masthead.accounts.models import Member

pytestmark = pytest.mark.django_db

PLACEHOLDER = "zzfuzzzz"
# Percent-encoded as sent on the wire: "%ff" is a byte that is not UTF-8, "%ed%a0%80" a
# lone surrogate encoded as if it were UTF-8.
BAD_IN_PATH = [
    "%00",
    "a%00b",
    "%ff",
    "%ed%a0%80",
    "x" * 3000,
    "..%2f..%2fetc%2fpasswd",
    "%27",
    "%3cscript%3ealert(1)%3c%2fscript%3e",
]
# The same values as the text a form or a JSON body carries.
BAD_TEXT = ["\x00", "a\x00b", "\ufffd\xff", "x" * 3000, "../../etc/passwd", "'", "<script>"]
FIELDS = ["q", "page", "next", "email", "text", "code", "token", "name", "display_name", "id"]
# Values the databases refuse: rejected with a 400 wherever they come.
REFUSED = ["%00", "a%00b"]


def _params(pattern):
    return list(pattern.regex.groupindex)


def _patterns(resolver=None, prefix="", params=()):
    """(qualified name, parameter names) of every named pattern, namespaces included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            yield from _patterns(
                entry,
                f"{prefix}{namespace}:" if namespace else prefix,
                (*params, *_params(entry.pattern)),
            )
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name, (*params, *_params(entry.pattern))


def _reversed(name, params):
    """The pattern's address with PLACEHOLDER in every text parameter (harmless values in
    the others), or None when it cannot be reversed."""
    for candidate in (PLACEHOLDER, f"{PLACEHOLDER}/", "1"):
        try:
            return reverse(name, kwargs=dict.fromkeys(params, candidate))
        except NoReverseMatch:
            continue
    for text in (PLACEHOLDER, f"{PLACEHOLDER}/", "1"):
        # Mixed parameters: numbers where only numbers fit, text elsewhere.
        for number in params:
            kwargs = dict.fromkeys(params, text) | {number: "1"}
            try:
                return reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
    return None


def _addresses():
    seen = set()
    for name, params in sorted(set(_patterns())):
        address = _reversed(name, params)
        if address and address not in seen:
            seen.add(address)
            yield name, address


@functools.cache
def addresses():
    return list(_addresses())


# A view's exception is answered with the 500 page and collected, so one run names them all.
@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture
def member():
    member, _ = Member.objects.get_or_create(email="bad-input@example.com")
    client = Client(raise_request_exception=False)
    client.force_login(member)
    return client


def _members_too(address):
    # The admin answers members (who are not staff) with its sign-in page.
    return not address.startswith("/admin/")


class Failures(list):
    """Every 500 of a walk, so one run names them all."""

    def check(self, response, what):
        if response.status_code >= 500:
            self.append((response.status_code, *what))

    def assert_none(self):
        assert not self, "\n".join(map(repr, self))


def test_the_walk_covers_the_project():
    """The walk reaches the site's own views and Wagtail's admin, not just a handful."""
    found = dict(addresses())
    assert len(found) > 100
    assert "accounts:signin" in found and "newsletters:unsubscribe" in found
    assert any(PLACEHOLDER in address for address in found.values())


def short(value):
    """A readable test id: long values by their length."""
    return f"{len(value)} characters" if len(value) > 40 else repr(value)


@pytest.mark.parametrize("bad", BAD_IN_PATH, ids=short)
def test_bad_values_in_every_path(anonymous, member, bad):
    """Every address with a text parameter, that parameter replaced by a bad value: GET and
    POST, anonymous and signed in, never a 500."""
    failures = Failures()
    for name, address in addresses():
        if PLACEHOLDER not in address:
            continue
        path = address.replace(PLACEHOLDER, bad)
        clients = [anonymous, member] if _members_too(address) else [anonymous]
        for client in clients:
            failures.check(client.get(path), (name, "GET", path[:80]))
            failures.check(client.post(path, {}), (name, "POST", path[:80]))
    failures.assert_none()


@pytest.mark.parametrize("bad", BAD_TEXT, ids=short)
def test_bad_values_in_every_query_and_form(anonymous, member, bad):
    """Every address, with the bad value in the usual parameters of its query string and of
    its form: never a 500."""
    query = "&".join(f"{field}={quote(bad)}" for field in FIELDS)
    form = dict.fromkeys(FIELDS, bad)
    failures = Failures()
    for name, address in addresses():
        clients = [anonymous, member] if _members_too(address) else [anonymous]
        for client in clients:
            failures.check(client.get(f"{address}?{query}"), (name, "GET", address))
            failures.check(client.post(address, form), (name, "POST form", address))
    failures.assert_none()


@pytest.mark.parametrize("bad", ["\x00", "\ud800", "a\udfffb"], ids=repr)
def test_bad_values_in_every_json_body(anonymous, member, bad):
    """Every address, posted a JSON body whose strings hold NUL or a lone surrogate (both
    valid JSON escapes): never a 500."""
    body = json.dumps({field: bad for field in FIELDS} | {"subscription": {"endpoint": bad}})
    failures = Failures()
    for name, address in addresses():
        clients = [anonymous, member] if _members_too(address) else [anonymous]
        for client in clients:
            response = client.post(address, body, content_type="application/json")
            failures.check(response, (name, "POST json", address))
    failures.assert_none()


@pytest.mark.parametrize("bad", REFUSED)
def test_nul_in_the_path_is_a_plain_400(anonymous, bad):
    """A NUL in the path is answered 400 with a page saying so, before any view: the
    newsletter unsubscribe link that gave PostgreSQL's error included."""
    for path in (f"/newsletters/unsubscribe/{bad}/", f"/{bad}/", f"/comments/{bad}/"):
        response = anonymous.get(path)
        assert response.status_code == 400, path
        assert b"cannot be read" in response.content


def test_nul_in_query_form_and_json_is_a_plain_400(anonymous, demo):
    """NUL in a query parameter, a form field or a JSON string, and a lone surrogate in a
    JSON string, are refused with a 400 on any address."""
    assert anonymous.get("/search/", {"q": "a\x00b"}).status_code == 400
    assert anonymous.post("/account/signin/", {"email": "a\x00@example.com"}).status_code == 400
    for value in ("a\x00b", "\ud800"):
        body = json.dumps({"subscription": {"endpoint": value}})
        response = anonymous.post("/alerts/subscribe/", body, content_type="application/json")
        assert response.status_code == 400, value
    # Good input still reaches the views.
    assert anonymous.get("/search/", {"q": "ukraine"}).status_code == 200


@pytest.fixture
def editor_client(editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    return client


# /admin/failwhale/ raises on purpose: Wagtail's page for trying the 500 page. The admin
# views that answered an editor's bad value with a 500 are guarded in newsroom.admin_guards.
DELIBERATE_ADMIN_500 = {"wagtailadmin_error_test"}


@pytest.mark.parametrize("bad", ["'", "x" * 3000], ids=short)
def test_editors_bad_values_in_the_admin(editor_client, bad):
    """An editor's admin: every admin address (but the deliberate 500 above), the bad value in
    its text path parameters, its query string and its form, GET and POST: never a 500."""
    query = "&".join(f"{field}={quote(bad)}" for field in [*FIELDS, "p", "ordering"])
    form = dict.fromkeys(FIELDS, bad)
    failures = Failures()
    for name, address in addresses():
        if not address.startswith("/admin/") or name in DELIBERATE_ADMIN_500:
            continue
        path = address.replace(PLACEHOLDER, quote(bad))
        failures.check(editor_client.get(f"{path}?{query}"), (name, "GET", address))
        failures.check(editor_client.post(path, form), (name, "POST form", address))
    failures.assert_none()
