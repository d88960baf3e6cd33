"""Readers whose browser runs no script (turned off, or the script failed to load): the
forms on cached pages carry no token, so the first press lands on a page that shows the
same form again, ready to send; one more press does it."""

import time

import pytest

from masthead.demo import seed
from tests.browser.admin import sign_in
from tests.browser.test_wall import ARTICLE, finish_registering_and_read_on
from tests.live_site import member_session

pytestmark = pytest.mark.browser

PRESS_AGAIN = "Please press the button again to confirm."


@pytest.fixture
def no_script(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    yield context
    context.close()


def test_a_reader_without_script_registers_from_the_wall_and_reads_on(site, no_script, artifact):
    """The wall's form → the same form again, email kept → the emailed link → consent → the
    whole story."""
    page = no_script.new_page()
    page.goto(site["url"] + ARTICLE)
    wall = page.locator("#wall")
    email = f"no-script-{time.time_ns()}@example.com"
    wall.get_by_label("Email").fill(email)
    started = time.time() - 1
    wall.get_by_role("button", name="Continue").click()

    page.get_by_text(PRESS_AGAIN).wait_for()
    assert page.get_by_label("Email").input_value() == email
    page.screenshot(path=artifact("no-script-press-again.png"), full_page=True)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    assert page.get_by_text(f"We sent an email to you at {email}.").is_visible()
    finish_registering_and_read_on(site, page, email, after=started)


def test_a_member_without_script_comments_from_the_comments_page(site, browser, no_script):
    """The article's link to its comments → the form there → (the browser lost our cookie
    meanwhile: the same form again, text kept) → the comment, shown on that page."""
    moderator = browser.new_page()
    sign_in(moderator, site)
    # The seed story is years old, so its discussion closed by age: an editor keeps it open.
    moderator.goto(site["url"] + "/admin/comments/discussions/")
    row = moderator.locator("tr", has_text=seed.HEADLINE)
    row.locator("select").select_option("open")
    row.get_by_role("button", name="Save").click()
    moderator.get_by_text("Open (no automatic close)").first.wait_for()
    moderator.close()

    session = member_session(site, f"quiet-{time.time_ns()}@example.com")
    no_script.add_cookies([{"name": "sessionid", "value": session, "url": site["url"]}])
    page = no_script.new_page()
    page.goto(site["url"] + ARTICLE)
    page.get_by_role("link", name="Read the comments").click()
    page.wait_for_url("**/comments/*/")
    # Only the visible form: each comment's reply form, folded away, has the same labels.
    name = page.get_by_role("textbox", name="Your name, shown with your comments")
    name.fill("Quiet Reader")
    page.get_by_role("textbox", name="Join the conversation").fill(
        "Read without any script at all."
    )
    no_script.clear_cookies(name="csrftoken")
    page.get_by_role("button", name="Post comment").click()

    page.get_by_text(PRESS_AGAIN).wait_for()
    assert name.input_value() == "Quiet Reader"
    page.get_by_role("button", name="Post comment").click()
    posted = page.get_by_role("listitem").filter(has_text="Read without any script at all.")
    posted.wait_for()
    assert "Quiet Reader" in posted.inner_text()


def test_when_the_script_cannot_fetch_a_token_the_wall_still_registers(site, page):
    """The script runs but its request for a token fails: pressing the button still sends the
    form, and the page that comes back sends it with one more press."""
    page.route("**/account/state.json*", lambda route: route.abort())
    page.goto(site["url"] + ARTICLE)
    wall = page.locator("#wall")
    wall.get_by_label("Email").fill(f"flaky-network-{time.time_ns()}@example.com")
    wall.get_by_role("button", name="Continue").click()
    page.get_by_text(PRESS_AGAIN).wait_for()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your email").wait_for()
