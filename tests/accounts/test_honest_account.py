"""The account tells the truth: a resend past the limit says nothing went, a change of
address tells the old one (with an undo link), and the export holds the sign-in history."""

import json
import re

import pytest
from django.test import Client

from masthead.accounts.models import Member
from tests.accounts.conftest import ask_for_link
from tests.smtp import find_code, find_link, html_part, text_part

pytestmark = pytest.mark.django_db

UNDO_LINK = r"https?://\S+/account/email/undo/[^/\s]+/"


def test_a_resend_past_the_limit_says_no_new_email_was_sent(client, reader, smtp_sink, settings):
    """The page no longer claims a new email; the code of the last one still works."""
    settings.ACCOUNTS_EMAILS_PER_ADDRESS = (2, 3600)
    ask_for_link(client, reader.email)
    sent_again = client.post("/account/signin/resend/")
    assert b"We sent a new email" in sent_again.content
    code = find_code(smtp_sink.wait_for(2))
    refused = client.post("/account/signin/resend/")
    content = refused.content.decode()
    assert "No new email was sent to <strong>reader@example.com</strong>" in content
    assert "We sent" not in content
    assert len(smtp_sink.messages) == 2
    assert client.post("/account/signin/code/", {"code": code}).status_code == 303
    assert client.get("/account/state.json").json()["signed_in"] is True


def test_an_email_change_past_the_limit_says_nothing_was_sent(client, reader, smtp_sink, settings):
    settings.ACCOUNTS_EMAILS_PER_ADDRESS = (1, 3600)
    client.force_login(reader)
    client.post("/account/email/", {"email": "new@example.com"})
    page = client.post("/account/email/", {"email": "new@example.com"}, follow=True)
    assert b"No new email was sent" in page.content
    assert len(smtp_sink.messages) == 1


def change_address(client, reader, smtp_sink, new_email="taker@example.com"):
    """Ask for ``new_email`` from the account page and confirm it; return the notice the
    old address got."""
    client.post("/account/email/", {"email": new_email})
    confirm = smtp_sink.wait_for(1)
    client.post(find_link(confirm).removeprefix("http://testserver"))
    reader.refresh_from_db()
    assert reader.email == new_email
    return smtp_sink.wait_for(2)


def undo_path(message):
    match = re.search(UNDO_LINK, text_part(message))
    assert match, text_part(message)
    return match.group(0).removeprefix("http://testserver")


def test_a_change_of_address_tells_the_old_one_and_its_link_puts_it_back(reader, smtp_sink):
    """The old address learns of the change; its link (one click on the page it opens)
    restores it and signs out the other sessions, as the email says."""
    intruder, phone = Client(), Client()
    intruder.force_login(reader)
    phone.force_login(reader)
    notice = change_address(intruder, reader, smtp_sink)
    assert notice["To"] == "reader@example.com"
    assert notice["Subject"] == "Your Masthead email address was changed"
    text = text_part(notice)
    assert "changed from reader@example.com to taker@example.com" in text
    assert "within 7 days" in text
    assert "signs your account out on every other device" in text
    assert undo_path(notice) in html_part(notice)

    path = undo_path(notice)
    owner = Client()
    asked = owner.get(path)  # a mail scanner's fetch changes nothing
    assert asked.status_code == 200
    assert b"Put reader@example.com back" in asked.content
    reader.refresh_from_db()
    assert reader.email == "taker@example.com"

    done = owner.post(path)
    assert done.status_code == 200
    assert b"Your email address is back" in done.content
    reader.refresh_from_db()
    assert reader.email == "reader@example.com"
    assert intruder.get("/account/state.json").json()["signed_in"] is False
    assert phone.get("/account/state.json").json()["signed_in"] is False


def test_the_undo_keeps_the_owner_signed_in_where_they_use_it(reader, smtp_sink):
    owner = Client()
    owner.force_login(reader)
    notice = change_address(owner, reader, smtp_sink)
    owner.post(undo_path(notice))
    assert owner.get("/account/state.json").json()["signed_in"] is True


def test_an_undo_link_works_once(client, reader, smtp_sink):
    client.force_login(reader)
    path = undo_path(change_address(client, reader, smtp_sink))
    Client().post(path)
    again = Client().post(path)
    assert again.status_code == 200
    assert b"This link has already been used" in again.content


def test_an_undo_link_expires_after_7_days(client, reader, smtp_sink, clock):
    client.force_login(reader)
    path = undo_path(change_address(client, reader, smtp_sink))
    clock.advance(days=7, seconds=1)
    page = Client().post(path)
    assert page.status_code == 200
    assert b"This link has expired" in page.content
    reader.refresh_from_db()
    assert reader.email == "taker@example.com"


def test_an_undo_link_still_works_on_the_seventh_day(client, reader, smtp_sink, clock):
    client.force_login(reader)
    path = undo_path(change_address(client, reader, smtp_sink))
    clock.advance(days=6, hours=23)
    Client().post(path)
    reader.refresh_from_db()
    assert reader.email == "reader@example.com"


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "token", ["nonsense", "eyJ1IjoxLCJzIjoieCJ9:forged:signature", "a" * 500, "%C3%BCnicode"]
)
def test_a_bad_undo_link_gets_a_clear_page(client, token, method):
    page = getattr(client, method)(f"/account/email/undo/{token}/")
    assert page.status_code == 200
    assert b"This link doesn't work" in page.content


def test_undo_of_a_first_change_cannot_be_undone_by_the_second_address(reader, smtp_sink):
    """A -> B -> C: once A is back, B's undo link (a taker's) opens nothing."""
    taker = Client()
    taker.force_login(reader)
    first = change_address(taker, reader, smtp_sink, "b@example.com")
    smtp_sink.clear()
    second = change_address(taker, reader, smtp_sink, "c@example.com")
    assert second["To"] == "b@example.com"
    Client().post(undo_path(first))
    reader.refresh_from_db()
    assert reader.email == "reader@example.com"
    refused = Client().post(undo_path(second))
    assert b"This link has already been used" in refused.content
    reader.refresh_from_db()
    assert reader.email == "reader@example.com"


def test_the_export_holds_profile_consents_and_sign_in_history(client, reader, smtp_sink):
    ask_for_link(client, reader.email)
    client.post("/account/signin/code/", {"code": find_code(smtp_sink.wait_for(1))})
    other = Client()
    ask_for_link(other, reader.email)
    other.post(find_link(smtp_sink.wait_for(2)).removeprefix("http://testserver"))
    data = json.loads(client.get("/account/export.json").content)
    assert data["profile"]["display_name"] == "Reader One"
    assert set(data["consents"]) >= {"terms_version", "terms_accepted_at", "daily_edition"}
    assert [entry["method"] for entry in data["sign_in_history"]] == ["code", "link"]
    assert all(set(entry) == {"at", "method"} for entry in data["sign_in_history"])


def test_a_first_sign_in_is_in_the_history_too(client, smtp_sink):
    ask_for_link(client, "newcomer@example.com")
    client.post(find_link(smtp_sink.wait_for(1)).removeprefix("http://testserver"))
    client.post("/account/welcome/", {"accept_terms": "on"})
    member = Member.objects.get(email="newcomer@example.com")
    assert list(member.sign_ins.values_list("method", flat=True)) == ["link"]
