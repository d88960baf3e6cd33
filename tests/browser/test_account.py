"""The account in Chromium: a change of address the old address can undo, from its email."""

import re
import time

import pytest

from tests.browser.test_signin import read_mail
from tests.live_site import member_session

pytestmark = pytest.mark.browser


def test_the_old_address_undoes_a_change_it_did_not_make(browser, site, artifact):
    stamp = time.time_ns()
    old, new = f"owner-{stamp}@example.com", f"taker-{stamp}@example.com"

    # Someone signed in to the account (on a device the owner does not hold) changes it.
    taker = browser.new_context(viewport={"width": 1280, "height": 900})
    taker.add_cookies(
        [{"name": "sessionid", "value": member_session(site, old), "url": site["url"]}]
    )
    page = taker.new_page()
    page.goto(site["url"] + "/account/")
    page.get_by_label("New email address").fill(new)
    page.get_by_role("button", name="Change").click()
    page.get_by_text(f"We sent an email to {new}.").wait_for()
    confirm = read_mail(site, new)
    confirm_text = confirm.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+/account/link/[A-Za-z0-9_\-]+/", confirm_text).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm this address").click()
    page.get_by_text(f"Your email address is now {new}.").wait_for()

    # The old address hears of it, with a link that puts it back.
    notice = read_mail(site, old)
    assert notice["Subject"] == "Your Masthead email address was changed"
    text = notice.get_body(preferencelist=("plain",)).get_content()
    assert "signs your account out on every other device" in text
    undo = re.search(r"http://\S+/account/email/undo/\S+/", text).group(0)

    owner = browser.new_context(viewport={"width": 390, "height": 844})
    mine = owner.new_page()
    mine.goto(undo)
    mine.get_by_role("heading", name="Put your old email address back?").wait_for()
    mine.get_by_role("button", name=f"Put {old} back").click()
    mine.get_by_role("heading", name="Your email address is back").wait_for()
    mine.screenshot(path=artifact("account-undo-email.png"), full_page=True)

    # The one who changed it is signed out; the link does not work twice.
    page.goto(site["url"] + "/account/")
    assert "/account/signin/" in page.url
    mine.goto(undo)
    mine.get_by_role("heading", name="This link has already been used").wait_for()
    taker.close()
    owner.close()
