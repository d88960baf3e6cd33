"""The emailed link, end to end through a real SMTP server."""

import re

import pytest
from django.test import Client

from masthead.accounts.models import Member, SignInToken
from tests.accounts.conftest import ask_for_link
from tests.smtp import find_code, find_link, html_part, text_part

pytestmark = pytest.mark.django_db


def session_member_id(client):
    return client.session.get("_auth_user_id")


def test_link_signs_in_the_browser_that_asked_and_returns_to_the_paragraph(
    client, reader, smtp_sink
):
    """Requesting a link sends an HTML+text email; the link, opened in the same browser,
    signs in at once and returns to the page and paragraph the reader came from."""
    response = ask_for_link(client, "Reader@Example.com", "/some/article/?x=1#p-4")
    assert response.status_code == 200
    assert b"Check your email" in response.content
    assert b"We sent an email to you at <strong>reader@example.com</strong>." in response.content
    message = smtp_sink.wait_for(1)
    assert message["To"] == "reader@example.com"
    assert message["Subject"] == "Sign in to Masthead"
    assert "Sign in" in html_part(message)
    link = find_link(message)
    assert link in html_part(message)
    assert find_code(message) in html_part(message)

    landing = client.get(link.removeprefix("http://testserver"))
    assert landing.status_code == 303
    assert landing["Location"] == "/some/article/?x=1#p-4"
    assert session_member_id(client) == str(reader.pk)


def test_a_used_link_gives_a_clear_page_with_a_new_link_button(client, reader, smtp_sink):
    """Following a link twice: the second time a page says it was used and offers a new one."""
    ask_for_link(client, reader.email)
    path = find_link(smtp_sink.wait_for(1)).removeprefix("http://testserver")
    client.get(path)
    again = Client().get(path)
    assert again.status_code == 200
    assert b"This link has already been used" in again.content
    assert b"Send me a new link" in again.content

    renewed = Client().post(path + "renew/")
    assert b"Check your email" in renewed.content
    assert b"r\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2@example.com" in renewed.content  # masked
    assert find_link(smtp_sink.wait_for(2)) != find_link(smtp_sink.messages[0])


def test_a_link_expires_after_15_minutes(client, reader, smtp_sink, clock):
    """After 15 minutes the link shows an "expired" page and signs no one in."""
    ask_for_link(client, reader.email)
    path = find_link(smtp_sink.wait_for(1)).removeprefix("http://testserver")
    clock.advance(minutes=15, seconds=1)
    response = client.get(path)
    assert response.status_code == 200
    assert b"This link has expired" in response.content
    assert session_member_id(client) is None
    assert client.post(path).status_code == 200
    assert session_member_id(client) is None


def test_a_link_still_works_just_before_15_minutes(client, reader, smtp_sink, clock):
    """At 14 minutes 59 seconds the link still signs in."""
    ask_for_link(client, reader.email)
    path = find_link(smtp_sink.wait_for(1)).removeprefix("http://testserver")
    clock.advance(minutes=14, seconds=59)
    assert client.get(path).status_code == 303
    assert session_member_id(client) == str(reader.pk)


def test_unknown_link_offers_the_sign_in_form(client):
    """A made-up link is refused with a page that leads to a new link, not an error."""
    response = client.get("/account/link/not-a-real-token/")
    assert response.status_code == 200
    assert b"This link doesn't work" in response.content
    assert b'href="/account/signin/"' in response.content


@pytest.mark.parametrize("method", ["get", "head"])
def test_a_scanner_fetch_does_not_spend_the_link(client, reader, smtp_sink, method):
    """A GET or HEAD without the asking browser's cookie (a mail scanner, another device)
    shows a confirmation; the token stays unspent and no session starts. Its POST signs in."""
    ask_for_link(client, reader.email)
    path = find_link(smtp_sink.wait_for(1)).removeprefix("http://testserver")
    scanner = Client(HTTP_USER_AGENT="Mozilla/5.0 (compatible; SafeLinks-Scanner)")
    for _ in range(3):
        response = getattr(scanner, method)(path)
        assert response.status_code == 200
    assert "sessionid" not in scanner.cookies
    assert SignInToken.objects.get().used_at is None
    page = scanner.get(path)
    assert "Sign in as r•••@example.com?" in page.content.decode()

    other_device = Client()
    assert other_device.post(path).status_code == 303
    assert session_member_id(other_device) == str(reader.pk)
    assert SignInToken.objects.get().used_at is not None


def test_code_typed_in_the_waiting_tab_signs_that_tab_in(client, reader, smtp_sink):
    """The code from the email, typed where the reader asked, signs that tab in."""
    ask_for_link(client, reader.email, "/back/here/")
    code = find_code(smtp_sink.wait_for(1))
    response = client.post("/account/signin/code/", {"code": code})
    assert response.status_code == 303
    assert response["Location"] == "/back/here/"
    assert session_member_id(client) == str(reader.pk)
    assert SignInToken.objects.get().used_at is not None


def test_five_wrong_codes_lock_the_code(client, reader, smtp_sink):
    """After five wrong codes even the right one is refused; the link still works."""
    ask_for_link(client, reader.email)
    message = smtp_sink.wait_for(1)
    code = find_code(message)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        response = client.post("/account/signin/code/", {"code": wrong})
        assert (
            b"That code isn&#x27;t right" in response.content
            or b"can no longer" in response.content
        )
    response = client.post("/account/signin/code/", {"code": code})
    assert b"This code can no longer be used" in response.content
    assert session_member_id(client) is None
    assert SignInToken.objects.get().code_attempts == 5


def test_a_code_only_works_in_the_session_that_asked(client, reader, smtp_sink):
    """Another browser cannot use a code: it has no pending sign-in to spend it on."""
    ask_for_link(client, reader.email)
    code = find_code(smtp_sink.wait_for(1))
    stranger = Client()
    response = stranger.post("/account/signin/code/", {"code": code})
    assert response.status_code == 303
    assert response["Location"] == "/account/signin/"
    assert session_member_id(stranger) is None


def test_tokens_are_stored_hashed_with_at_most_three_live(client, reader, smtp_sink):
    """Only hashes are stored; a fourth request retires the oldest link."""
    for count in range(1, 5):
        ask_for_link(client, reader.email)
        smtp_sink.wait_for(count)
    links = [find_link(m) for m in smtp_sink.messages]
    codes = [find_code(m) for m in smtp_sink.messages]
    rows = list(SignInToken.objects.order_by("created_at", "id"))
    assert len(rows) == 4
    for row, link, code in zip(rows, links, codes, strict=True):
        token = link.rstrip("/").rsplit("/", 1)[1]
        assert len(token) >= 43  # 32 random bytes, base64url
        assert token not in row.token_hash and code not in row.code_hash
    assert [row.revoked_at is not None for row in rows] == [True, False, False, False]
    oldest = Client().get(links[0].removeprefix("http://testserver"))
    assert b"already been used" in oldest.content


def test_a_new_address_registers_after_the_consent_step(client, smtp_sink):
    """An unknown address gets a "finish registering" email; its link leads to the terms
    and the Daily Edition choice, recorded on the new member, then back to the article."""
    ask_for_link(client, "New.Reader+news@Example.com", "/an/article/#p-2")
    message = smtp_sink.wait_for(1)
    assert message["Subject"] == "Finish registering with Masthead"
    assert "finish registering" in text_part(message)
    response = client.get(find_link(message).removeprefix("http://testserver"))
    assert response["Location"] == "/account/welcome/"
    assert not Member.objects.filter(email="new.reader+news@example.com").exists()
    page = client.get("/account/welcome/")
    assert b"terms and conditions" in page.content

    refused = client.post("/account/welcome/", {"daily_edition": "on"})
    assert b"Please accept the terms" in refused.content
    done = client.post("/account/welcome/", {"accept_terms": "on", "daily_edition": "on"})
    assert done.status_code == 303
    assert done["Location"] == "/an/article/#p-2"
    member = Member.objects.get(email="new.reader+news@example.com")
    assert member.terms_version == "2026-01"
    assert member.terms_accepted_at is not None
    assert member.daily_edition is True
    assert member.daily_edition_chosen_at is not None
    assert session_member_id(client) == str(member.pk)


def test_declining_the_daily_edition_is_recorded(client, smtp_sink):
    """Unticking the Daily Edition box records "no" for the newsletter to honour."""
    ask_for_link(client, "quiet@example.com")
    client.get(find_link(smtp_sink.wait_for(1)).removeprefix("http://testserver"))
    client.post("/account/welcome/", {"accept_terms": "on"})
    assert Member.objects.get(email="quiet@example.com").daily_edition is False


def test_idn_plus_and_mixed_case_addresses_are_one_identity(client, smtp_sink):
    """Plus-addresses, IDN domains (Unicode or punycode) and mixed case name one member."""
    ask_for_link(client, "Zoe+Tag@BÜCHER.example")
    message = smtp_sink.wait_for(1)
    assert "xn--bcher-kva.example" in smtp_sink.envelopes[0].rcpt_tos[0]
    client.get(find_link(message).removeprefix("http://testserver"))
    client.post("/account/welcome/", {"accept_terms": "on"})
    member = Member.objects.get(email="zoe+tag@bücher.example")
    ask_for_link(Client(), "zoe+tag@xn--bcher-kva.example")
    assert smtp_sink.wait_for(2)["Subject"] == "Sign in to Masthead"
    assert member.email == "zoe+tag@bücher.example"


def test_a_malformed_address_is_refused_keeping_what_was_typed(client, smtp_sink):
    """The server refuses "name@" with the structure hint and keeps the typed text."""
    response = ask_for_link(client, "reader@example")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Please use the following structure: name@example.com" in content
    assert 'value="reader@example"' in content
    assert 'aria-invalid="true"' in content
    assert smtp_sink.messages == []


def test_next_pointing_elsewhere_is_ignored(client, reader, smtp_sink):
    """An off-site ``next`` never becomes a redirect."""
    ask_for_link(client, reader.email, "https://evil.example/phish")
    response = client.get(find_link(smtp_sink.wait_for(1)).removeprefix("http://testserver"))
    assert response["Location"] == "/"
    ask_for_link(client, reader.email, "//evil.example/")
    response = client.get(find_link(smtp_sink.wait_for(2)).removeprefix("http://testserver"))
    assert response["Location"] == "/"


def test_resend_sends_a_new_email_to_the_same_address(client, reader, smtp_sink):
    """ "Resend" from the waiting page mails the same address again, and its code works."""
    ask_for_link(client, reader.email, "/story/")
    smtp_sink.wait_for(1)
    page = client.post("/account/signin/resend/")
    assert b"We sent a new email" in page.content
    assert b'href="/account/signin/">Use a different email' in page.content
    second = smtp_sink.wait_for(2)
    assert second["To"] == reader.email
    response = client.post("/account/signin/code/", {"code": find_code(second)})
    assert response["Location"] == "/story/"


def test_resend_is_rate_limited_like_the_first_request(client, reader, smtp_sink, settings):
    settings.ACCOUNTS_EMAILS_PER_ADDRESS = (2, 3600)
    ask_for_link(client, reader.email)
    for _ in range(3):
        assert b"Check your email" in client.post("/account/signin/resend/").content
    assert len(smtp_sink.messages) == 2


def test_a_deactivated_member_gets_the_same_answer_and_a_notice_without_a_link(
    client, reader, smtp_sink
):
    """The page says the same as for anyone; the inbox's owner learns the account is closed,
    and nothing in the email signs anyone in."""
    reader.is_active = False
    reader.save()
    response = ask_for_link(client, reader.email)
    assert b"Check your email" in response.content
    message = smtp_sink.wait_for(1)
    assert message["To"] == reader.email
    assert message["Subject"] == "Your Masthead account is closed"
    assert "account is closed" in text_part(message) and "account is closed" in html_part(message)
    assert "/account/link/" not in text_part(message) + html_part(message)
    assert not re.search(r"\b\d{6}\b", text_part(message))  # no code either


def test_a_link_stops_working_when_the_member_is_deactivated(client, reader, smtp_sink):
    """Deactivated after the email went: the link signs nobody in."""
    ask_for_link(client, reader.email)
    path = find_link(smtp_sink.wait_for(1)).removeprefix("http://testserver")
    Member.objects.filter(pk=reader.pk).update(is_active=False)
    response = client.get(path)
    assert response.status_code == 303
    assert session_member_id(client) is None


def test_the_email_is_branded_and_says_how_long_it_works(client, reader, smtp_sink):
    ask_for_link(client, reader.email)
    message = smtp_sink.wait_for(1)
    assert message["From"] == "Masthead <news@masthead.localhost>"
    html = html_part(message)
    assert "Masthead" in html and "15 minutes" in html
    assert "15 minutes" in text_part(message)
    assert message["Auto-Submitted"] == "auto-generated"


def test_sender_and_subject_are_configurable(client, reader, smtp_sink, settings):
    settings.ACCOUNTS_FROM_EMAIL = "Desk <desk@example.org>"
    settings.ACCOUNTS_SUBJECT_SIGN_IN = "Your {site_name} link"
    ask_for_link(client, reader.email)
    message = smtp_sink.wait_for(1)
    assert message["From"] == "Desk <desk@example.org>"
    assert message["Subject"] == "Your Masthead link"


def test_a_head_request_never_spends_even_in_the_asking_browser(client, reader, smtp_sink):
    """Only a GET from the bound browser (or a POST) spends; a HEAD from it does not."""
    ask_for_link(client, reader.email)
    path = find_link(smtp_sink.wait_for(1)).removeprefix("http://testserver")
    assert client.head(path).status_code == 200
    assert SignInToken.objects.get().used_at is None
    assert client.get(path).status_code == 303


def test_the_binding_cookie_of_another_request_does_not_sign_in(reader, smtp_sink):
    """A browser bound to a different request sees the confirmation, not a sign-in."""
    first, second = Client(), Client()
    ask_for_link(first, reader.email)
    ask_for_link(second, "someone@example.com")
    path = find_link(smtp_sink.wait_for(1)).removeprefix("http://testserver")
    response = second.get(path)
    assert response.status_code == 200
    assert "Sign in as r•••@example.com?" in response.content.decode()
