"""Every public form and JSON endpoint takes any input without a 500, and never reflects
markup unescaped."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.accounts.models import Member

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    "' OR 1=1 --",
    '{"$gt": ""}',
    "%00%0d%0aSet-Cookie: x=1",
    "\u202e\u0000\ufeff",
    "a" * 5000,
    "../../etc/passwd",
    "${7*7}{{7*7}}",
]
# Any text a form can carry (no lone surrogates: they cannot be sent as UTF-8 at all).
TEXT = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
RAW_MARKUP = ("<script>alert(1)", "<img src=x onerror", "<script>alert(1)</script>")


def assert_sound(response, sent):
    assert response.status_code < 500, (response.status_code, sent)
    if response.streaming:
        return
    body = response.content.decode("utf-8", "replace")
    for raw in RAW_MARKUP:
        assert raw not in body, (raw, sent)


@pytest.fixture
def anonymous():
    return Client(enforce_csrf_checks=False)


@pytest.fixture
def member_client():
    member, _ = Member.objects.get_or_create(email="fuzz@example.com")
    client = Client()
    client.force_login(member)
    return client


@FUZZ
@given(email=TEXT, next_=TEXT)
def test_sign_in_email_form(anonymous, email, next_):
    sent = {"email": email, "next": next_}
    assert_sound(anonymous.post("/account/signin/", sent), sent)


@FUZZ
@given(code=TEXT)
def test_sign_in_code_form(anonymous, code):
    assert_sound(anonymous.post("/account/signin/code/", {"code": code}), code)


@FUZZ
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            name: TEXT for name in ("q", "section", "topic", "author", "from", "to", "sort", "page")
        },
    )
)
def test_search(anonymous, params):
    assert_sound(anonymous.get("/search/", params), params)


@FUZZ
@given(q=TEXT)
def test_suggest(anonymous, q):
    response = anonymous.get("/search/suggest/", {"q": q})
    assert_sound(response, q)
    if response.status_code == 200:
        json.loads(response.content)


@FUZZ
@given(text=TEXT, parent=TEXT, display_name=TEXT)
def test_comment_post(member_client, demo, text, parent, display_name):
    sent = {"text": text, "parent": parent, "display_name": display_name}
    response = member_client.post(f"/comments/{demo['seed'].pk}/post/", sent)
    assert_sound(response, sent)


@FUZZ
@given(email=TEXT, newsletter=TEXT)
def test_newsletter_subscribe(anonymous, email, newsletter):
    sent = {"email": email, "newsletter": newsletter}
    assert_sound(anonymous.post("/newsletters/subscribe/", sent), sent)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "subscription",
                    "endpoint",
                    "keys",
                    "p256dh",
                    "auth",
                    "topics",
                    "key_id",
                    "replaces",
                ]
            )
            | TEXT,
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@FUZZ
@given(body=JSON)
def test_push_subscribe(anonymous, body):
    response = anonymous.post(
        "/alerts/subscribe/", json.dumps(body), content_type="application/json"
    )
    assert_sound(response, body)
    json.loads(response.content)


@FUZZ
@given(raw=st.binary(max_size=300))
def test_push_subscribe_with_bytes_that_are_not_json(anonymous, raw):
    response = anonymous.post("/alerts/subscribe/", raw, content_type="application/json")
    assert response.status_code == 400, raw
