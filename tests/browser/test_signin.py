"""A newcomer registers from the seed article using only the email the site sends."""

import re
import time
import urllib.request
from email import policy
from email.parser import BytesParser
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from masthead.demo import seed

pytestmark = pytest.mark.browser

ARTICLE = "/israel-and-the-region/netanyahu-holds-talks-with-russian-officials-on-syria-friction/"


def outbox_files(site):
    """The messages already in the running site's outbox (to tell a new one apart)."""
    return set((site["data_dir"] / "outbox").glob("*.eml"))


def read_mail(site, to, after=0.0, timeout=15, known=()):
    """The newest message to ``to`` in the running site's outbox (its mail catcher), written
    after ``after`` and not among the ``known`` files."""
    outbox = site["data_dir"] / "outbox"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
            if path.stat().st_mtime < after or path in known:
                continue
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            if to in message["To"]:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no email to {to} in {outbox}")


def ask_for_link(site, page, email):
    """Ask for a sign-in email from ``page`` and return its link and code."""
    page.goto(site["url"] + "/account/signin/")
    page.get_by_label("Email").fill(email)
    started = time.time() - 1
    page.get_by_role("button", name="Continue").click()
    # The answer sets the cookie that binds the link to this browser: wait for it, or the
    # link opens as if on another device (the email can arrive before the answer).
    page.get_by_role("heading", name="Check your email").wait_for()
    return link_and_code(read_mail(site, email, after=started))


def link_and_code(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+/account/link/[A-Za-z0-9_\-]+/", text).group(0)
    code = re.search(r"code[^:]*: (\d{6})", text).group(1)
    return link, code


def test_register_from_the_article_and_land_back_signed_in(site, page, artifact):
    """Article → Sign in → email → the link in the same browser → consent → the article,
    signed in, the header showing the account."""
    email = f"newcomer-{time.time_ns()}@example.com"
    page.goto(site["url"] + ARTICLE + "#p-3")
    slot = page.locator("#account-slot")
    slot.get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/account/signin/**")
    page.screenshot(path=artifact("signin-page.png"), full_page=True)

    page.get_by_label("Email").fill("not-an-address")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_text("Please use the following structure: name@example.com").is_visible()

    page.get_by_label("Email").fill(email)
    started = time.time() - 1
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    assert page.get_by_text(f"We sent an email to you at {email}.").is_visible()
    assert page.get_by_text("It has a link that will sign you in.").is_visible()
    page.screenshot(path=artifact("signin-check-email.png"), full_page=True)

    message = read_mail(site, email, after=started)
    assert message["Subject"] == "Finish registering with Masthead"
    link, _code = link_and_code(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    referers = []
    page.on("request", lambda request: referers.append(request.headers.get("referer") or ""))
    page.goto(link)
    page.wait_for_url("**/account/welcome/")
    assert urlsplit(page.url).path == "/account/welcome/"  # the token is gone from the URL
    page.screenshot(path=artifact("signin-consent.png"), full_page=True)
    page.get_by_label(re.compile("I agree to the")).check()
    page.get_by_role("button", name="Register").click()

    page.wait_for_url(f"**{ARTICLE}#p-3")
    assert page.locator("h1.headline").inner_text() == seed.HEADLINE
    slot.get_by_role("link", name="Account").wait_for()
    assert email.split("@")[0] in slot.inner_text()
    assert referers and not [r for r in referers if token in r]  # no Referer leaks the token
    page.screenshot(path=artifact("signin-back-on-article.png"))


def test_a_returning_reader_signs_in_with_the_code_in_the_waiting_tab(site, browser, artifact):
    """Known address: the code typed in the tab that asked signs it in (the link opened on
    another device would only have shown a confirmation)."""
    email = f"returning-{time.time_ns()}@example.com"
    context = browser.new_context()
    page = context.new_page()
    # Register first, through the link, then sign out.
    link, _ = ask_for_link(site, page, email)
    page.goto(link)
    page.get_by_label(re.compile("I agree to the")).check()
    # Let the registration's answer arrive before leaving the page: navigating away at once
    # can abort the form's request.
    with page.expect_navigation():
        page.get_by_role("button", name="Register").click()
    page.goto(site["url"] + "/account/")
    page.get_by_role("button", name="Sign out", exact=True).click()

    page.goto(site["url"] + "/account/signin/?next=" + ARTICLE)
    page.get_by_label("Email").fill(email)
    known = outbox_files(site)  # the registration's email is among them
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    message = read_mail(site, email, known=known)
    assert message["Subject"] == "Sign in to Masthead"
    link, code = link_and_code(message)

    # The link on "another device" asks first and spends nothing.
    other = browser.new_context()
    phone = other.new_page()
    phone.goto(link)
    assert phone.get_by_role(
        "heading", name=re.compile(r"Sign in as r•••@example\.com\?")
    ).is_visible()
    phone.screenshot(path=artifact("signin-other-device.png"))
    other.close()

    page.get_by_label("Or type the code from the email").fill(code)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"**{ARTICLE}")
    page.locator("#account-slot").get_by_role("link", name="Account").wait_for()
    context.close()


def test_the_form_embedded_in_a_cached_article_posts_with_a_fetched_csrf_token(
    site, page, artifact
):
    """The sign-in box inside the (cached, shared) article carries no CSRF token; the
    script fetches one, so the POST goes through and returns to the paragraph."""
    page.goto(site["url"] + ARTICLE)
    form = page.locator("form[data-accounts-signin]").first
    form.wait_for()
    token = form.locator("input[name=csrfmiddlewaretoken]")
    expect(form.locator("[data-accounts-csrf]")).not_to_have_value("")
    assert token.input_value()
    served = urllib.request.urlopen(site["url"] + ARTICLE, timeout=10).read().decode()
    assert 'value="" data-accounts-csrf' in served  # the shared HTML carries no token
    email = f"wall-{time.time_ns()}@example.com"
    form.locator("input[type=email]").fill(email)
    started = time.time() - 1
    form.locator("button[type=submit]").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    page.screenshot(path=artifact("signin-from-article-form.png"))
    link, _ = link_and_code(read_mail(site, email, after=started))
    page.goto(link)
    page.get_by_label(re.compile("I agree to the")).check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(f"**{ARTICLE}*")
    page.locator("#account-slot").get_by_role("link", name="Account").wait_for()
