"""Links from emails opened in another browser (a phone, a webmail's tab): the page asks for
a click, and that click works. The pages keep their token out of any Referer, and the form
still passes the CSRF origin check (a `no-referrer` page posts `Origin: null`)."""

import time

import pytest

from tests.browser.test_signin import ask_for_link, read_mail

pytestmark = pytest.mark.browser


@pytest.fixture
def other_browser(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def test_a_sign_in_link_opened_on_another_device_signs_that_device_in(
    site, page, other_browser, artifact
):
    link, _code = ask_for_link(site, page, f"elsewhere-{time.time_ns()}@example.com")

    other_browser.goto(link)
    other_browser.get_by_role("button", name="Continue").click()
    other_browser.wait_for_url("**/account/welcome/")
    other_browser.screenshot(path=artifact("link-other-device.png"), full_page=True)
    assert other_browser.get_by_label("I agree to the", exact=False).is_visible()


def test_a_newsletter_confirmation_opened_elsewhere_subscribes(site, page, other_browser):
    email = f"subscriber-{time.time_ns()}@example.com"
    page.goto(site["url"] + "/newsletters/subscribe/")
    page.locator("#nl-email").fill(email)
    started = time.time() - 1
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    message = read_mail(site, email, after=started)
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = next(word for word in text.split() if "/newsletters/confirm/" in word)

    other_browser.goto(link)
    other_browser.get_by_role("button", name="Confirm my subscription").click()
    assert other_browser.get_by_role("status").inner_text().startswith("Done")
