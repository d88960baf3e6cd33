"""Readers' side: registration subscribes, one-click unsubscribe, double opt-in, settings."""

from django.test import Client

from masthead.accounts.models import Member
from masthead.newsletters.models import Newsletter, Subscription
from masthead.newsletters.services import sending
from tests.smtp import find_link, text_part

from .conftest import subscribe


def unsubscribe_path(subscription):
    return f"/newsletters/unsubscribe/{subscription.unsubscribe_token}/"


def test_registering_with_the_daily_edition_subscribes(client, daily, smtp_sink):
    """The real registration flow with the box ticked ends subscribed to the Daily Edition;
    unticked, not subscribed."""
    for address, ticked in (("yes@example.com", True), ("no@example.com", False)):
        reader = Client()
        reader.post("/account/signin/", {"email": address, "next": ""})
        link = find_link(smtp_sink.messages[-1])
        reader.get(link.removeprefix("http://testserver"))
        form = {"accept_terms": "on", **({"daily_edition": "on"} if ticked else {})}
        assert reader.post("/account/welcome/", form).status_code == 303
        member = Member.objects.get(email=address)
        subscribed = Subscription.objects.active().filter(newsletter=daily, member=member)
        assert subscribed.exists() is ticked


def test_consent_after_an_identity_provider_subscribes(daily):
    """Consent recorded on an existing member (the provider sign-up path) subscribes too."""
    from masthead.accounts import services

    member = Member.objects.create_user("social@example.com")
    assert not Subscription.objects.filter(member=member).exists()
    services.record_consent(member, daily_edition=True)
    assert Subscription.objects.active().filter(newsletter=daily, member=member).exists()


def test_one_click_post_without_cookies_or_csrf_unsubscribes(daily):
    """RFC 8058: a POST with no cookie and no CSRF token unsubscribes at once and answers 200."""
    (subscription,) = subscribe(daily, 1)
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        unsubscribe_path(subscription),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not response.cookies
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    assert sending.recipients(daily) == []


def test_a_get_never_unsubscribes_and_shows_a_button(daily):
    """Link scanners fetch GETs: the page asks, the subscription stays."""
    (subscription,) = subscribe(daily, 1)
    for _ in range(2):
        response = Client().get(unsubscribe_path(subscription))
        assert response.status_code == 200
        assert b'<button type="submit">Unsubscribe</button>' in response.content
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.SUBSCRIBED


def test_resubscribing_is_one_click_from_the_same_page(daily):
    """After unsubscribing, the page offers "Subscribe again", which restores the subscription."""
    (subscription,) = subscribe(daily, 1)
    reader = Client(enforce_csrf_checks=True)
    page = reader.post(unsubscribe_path(subscription))
    assert b"Subscribe again" in page.content
    again = reader.post(unsubscribe_path(subscription), {"action": "resubscribe"})
    assert again.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.SUBSCRIBED


def test_an_unknown_token_answers_politely(daily):
    """A forged token gets a 200 page saying the link is not valid, for GET and POST."""
    for method in ("get", "post"):
        response = getattr(Client(), method)("/newsletters/unsubscribe/forged/")
        assert response.status_code == 200
        assert b"not valid" in response.content


def test_anonymous_double_opt_in(daily, smtp_sink):
    """The form sends a confirmation email; until its link is used by POST nothing else is
    sent; a GET of the link only shows a button."""
    visitor = Client()
    response = visitor.post(
        "/newsletters/subscribe/", {"email": "Visitor@Example.com", "newsletter": daily.slug}
    )
    assert b"Check your email" in response.content
    message = smtp_sink.wait_for(1)
    assert message["To"] == "visitor@example.com"
    subscription = Subscription.objects.get(newsletter=daily, email="visitor@example.com")
    assert subscription.status == Subscription.Status.PENDING
    assert sending.recipients(daily) == []

    link = find_link(message, r"https?://\S+/newsletters/confirm/[A-Za-z0-9_\-]+/")
    path = link.removeprefix("http://testserver")
    assert b"Confirm my subscription" in Client().get(path).content
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING

    done = Client().post(path)
    assert b"Done" in done.content
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.SUBSCRIBED
    assert [address for address, _ in sending.recipients(daily)] == ["visitor@example.com"]
    assert b"not valid" in Client().post(path).content  # single use
    assert "7 days" in text_part(message)


def test_a_mail_server_that_is_down_gets_a_clear_answer_and_a_retry_works(
    daily, smtp_sink, settings
):
    """No 500 when the confirmation cannot be sent; once the server is back, asking again
    sends it at once (the failed attempt does not count against the resend pause)."""
    from tests.smtp import free_port

    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 5},
        }
    }
    form = {"email": "visitor@example.com", "newsletter": daily.slug}
    response = Client().post("/newsletters/subscribe/", form)
    assert response.status_code == 503
    assert b"could not send the confirmation email" in response.content
    assert response["Retry-After"]

    settings.MAILERS = working
    response = Client().post("/newsletters/subscribe/", form)
    assert b"Check your email" in response.content
    assert smtp_sink.wait_for(1)["To"] == "visitor@example.com"


def test_a_malformed_address_is_explained(daily):
    response = Client().post("/newsletters/subscribe/", {"email": "nope", "newsletter": daily.slug})
    assert response.status_code == 200
    assert b"name@example.com" in response.content


def test_the_account_page_lists_newsletters_with_toggles(client, daily):
    """Every active newsletter has a checkbox; saving subscribes and unsubscribes."""
    weekly = Newsletter.objects.create(name="The Weekly", slug="weekly")
    member = Member.objects.create_user("toggler@example.com")
    client.force_login(member)
    page = client.get("/account/").content.decode()
    assert 'value="daily-edition"' in page and 'value="weekly"' in page
    response = client.post("/newsletters/preferences/", {"newsletter": ["weekly"]})
    assert response.status_code == 303
    active = Subscription.objects.active().filter(member=member)
    assert list(active.values_list("newsletter__slug", flat=True)) == ["weekly"]
    assert 'value="weekly" checked' in client.get("/account/").content.decode()
    client.post("/newsletters/preferences/", {})
    assert not Subscription.objects.active().filter(member=member).exists()
    assert Subscription.objects.filter(member=member, newsletter=weekly).exists()
