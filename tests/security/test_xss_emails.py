"""What editors and readers type comes out inert in every email: the Daily Edition, the
sign-in and registration emails, the comment reply email. Each is sent for real to an SMTP
server on loopback and read back as a mail client would: the HTML part shows the payload
as text (escaped, not stripped), the plain-text part says exactly what was typed."""

import datetime
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from masthead.accounts.models import Member
from masthead.comments import services as comments
from masthead.comments.models import Preferences
from masthead.newsletters.models import Edition, EditionStory, Subscription
from masthead.newsletters.services import sending
from masthead.newsletters.services.subscriptions import ensure_daily_edition
from tests import factories
from tests.smtp import html_part, smtp_sink, text_part

__all__ = ["smtp_sink"]  # a fixture

pytestmark = pytest.mark.django_db

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
# What an HTML escaper would leave in a plain-text part that was wrongly escaped.
ENTITIES = ("&lt;", "&gt;", "&quot;", "&#x27;", "&#39;", "&amp;")


class Parsed(HTMLParser):
    """The elements and the text a mail client builds from an HTML part."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def assert_inert_html(html, shown, where):
    """No element or attribute that runs; every text in ``shown`` reads exactly as typed."""
    parsed = Parsed(html)
    for tag, attrs in parsed.tags:
        assert tag not in {"script", "iframe", "svg", "object", "embed"}, (where, tag)
        assert not [name for name in attrs if name.startswith("on")], (where, tag, attrs)
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").lower().startswith("javascript:"), (where, attrs)
        if tag == "img":  # only the site's own photos
            assert attrs["src"].startswith("http"), (where, attrs)
    text = "".join(parsed.text)
    for value in shown:
        assert value in text, (where, value)
    return parsed


def assert_plain(text, shown, where):
    for value in shown:
        assert value in text, (where, value)
    assert not [entity for entity in ENTITIES if entity in text], (where, text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_daily_edition_email_shows_editor_text_inert(
    demo, payload, smtp_sink, django_capture_on_commit_callbacks
):
    photo = factories.make_photo(credit=f"Agency {payload}", caption=f"Caption {payload}")
    photo.description = f"Alt {payload}"
    photo.save()
    article = factories.make_article(
        title=f"Headline {payload}", standfirst=f"Standfirst {payload}", lead_image=photo
    )
    daily = ensure_daily_edition()
    edition = Edition.objects.create(
        newsletter=daily,
        date=timezone.localdate() + datetime.timedelta(days=400),
        state=Edition.State.DRAFT,
        scheduled_for=timezone.now(),
        intro=f"Intro {payload}\nA second line.",
    )
    EditionStory.objects.create(edition=edition, article=article, sort_order=0)
    Subscription.objects.create(
        newsletter=daily, email="xss-reader@example.com", status=Subscription.Status.SUBSCRIBED
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.start(edition.pk) is not None
    message = smtp_sink.wait_for(1)
    shown = [f"{field} {payload}" for field in ("Headline", "Standfirst", "Agency", "Caption")]
    shown.append(f"Intro {payload}")
    html = html_part(message)
    assert payload not in html
    parsed = assert_inert_html(html, shown, "Daily Edition, HTML")
    assert ("img", f"Alt {payload}") in [(tag, attrs.get("alt")) for tag, attrs in parsed.tags]
    text = text_part(message)
    assert_plain(text, [value for value in shown if not value.startswith("Caption")], "text")


@pytest.mark.parametrize(
    "address",
    ['"<script>alert(1)</script>"@example.com', '"\'><img/src=x/onerror=alert(1)>"@example.com'],
)
@pytest.mark.parametrize("known", [False, True], ids=["register", "sign-in"])
def test_the_sign_in_email_shows_a_typed_address_inert(address, known, smtp_sink):
    """An address is the one thing a stranger types that lands in an email; a quoted local
    part may hold markup and still be a valid address."""
    if known:
        Member.objects.create_user(address)
    response = Client().post("/account/signin/", {"email": address})
    assert response.status_code == 200
    message = smtp_sink.wait_for(1)
    assert "sign in" in message["Subject"].lower() or "register" in message["Subject"].lower()
    html = html_part(message)
    assert address not in html
    assert_inert_html(html, [address], "sign-in email, HTML")
    assert_plain(text_part(message), [address], "sign-in email, text")


def test_the_reply_email_is_plain_text_with_reader_text_as_typed(
    demo, smtp_sink, django_capture_on_commit_callbacks
):
    name, words = PAYLOADS
    parent_author = Member.objects.create_user(
        "parent@example.com",
        display_name="Parent",
        date_joined=timezone.now() - datetime.timedelta(days=30),
    )
    replier = Member.objects.create_user(
        "replier@example.com", date_joined=timezone.now() - datetime.timedelta(days=30)
    )
    Preferences.objects.create(member=parent_author, notify_replies=True)
    client = Client()
    client.force_login(replier)
    client.post("/account/profile/", {"display_name": f"Name {name}"})
    replier.refresh_from_db()
    assert replier.display_name == f"Name {name}"
    article = factories.make_article(title=f"Title {words}")
    parent = comments.post_comment(parent_author, article, "Parent words.")
    with django_capture_on_commit_callbacks(execute=True):
        comments.post_comment(replier, article, f"Reply {words}", parent=parent)
    message = smtp_sink.wait_for(1)
    # Text only: no HTML part a mail client could render.
    assert message.get_content_type() == "text/plain"
    assert_plain(
        message.get_content(), [f"Name {name}", f"Reply {words}", f"Title {words}"], "reply"
    )
    assert message["Subject"].endswith(f"“Title {words}”")
