"""The registration wall as an anonymous reader meets it on the seed article."""

import re
import time

import pytest
from playwright.sync_api import expect

from masthead.demo import seed
from tests.browser.test_signin import link_and_code, read_mail

pytestmark = pytest.mark.browser

ARTICLE = "/israel-and-the-region/netanyahu-holds-talks-with-russian-officials-on-syria-friction/"
GATED = seed.PARAGRAPHS_AFTER_PHOTO[-1]


def test_anonymous_reader_registers_through_the_wall_and_reads_on(site, page, artifact):
    """Lead-in and wall → the wall's own form → the emailed link → back at the wall's place,
    now with the whole story."""
    page.goto(site["url"] + ARTICLE)
    body = page.locator("#story-body")
    assert seed.PARAGRAPHS_BEFORE_PHOTO[0] in body.inner_text()
    assert GATED not in page.content()
    wall = page.locator("#wall")
    assert "Register for free" in wall.inner_text()
    assert "It takes just a few seconds." in wall.inner_text()
    wall.scroll_into_view_if_needed()
    page.screenshot(path=artifact("wall-anonymous.png"), full_page=True)

    email = f"wall-reader-{time.time_ns()}@example.com"
    wall.get_by_label("Email").fill(email)
    started = time.time() - 1
    wall.get_by_role("button", name=re.compile("Continue|Register")).click()
    page.get_by_role("heading", name="Check your email").wait_for(timeout=90_000)
    assert page.get_by_text(f"We sent an email to you at {email}.").is_visible()

    finish_registering_and_read_on(site, page, email, after=started)
    page.screenshot(path=artifact("wall-member.png"), full_page=True)


def finish_registering_and_read_on(site, page, email, after):
    """The emailed link, in the browser that asked → consent → back at the wall's place, now
    with the whole story."""
    link, _code = link_and_code(read_mail(site, email, after=after))
    page.goto(link)
    page.wait_for_url("**/account/welcome/")
    page.get_by_label(re.compile("I agree to the")).check()
    page.get_by_role("button", name="Register").click()

    page.wait_for_url(f"**{ARTICLE}#story-gated")
    assert GATED in page.locator("#story-body").inner_text()
    assert page.locator("#wall").count() == 0


def test_every_sign_in_box_on_an_article_holds_the_pages_one_token(site, page):
    """The wall's box and the comments' box (which arrives later) hold the same CSRF token.
    Each asking for its own let a first-time reader's browser keep the cookie of one and
    post the token of the other: "Register" then failed. The later box still posts."""
    page.goto(site["url"] + ARTICLE)
    page.locator("[data-comments-loaded] form[data-accounts-signin]").wait_for()
    for token_input in page.locator("[data-accounts-csrf]").all():
        expect(token_input).not_to_have_value("")
    tokens = page.eval_on_selector_all("[data-accounts-csrf]", "inputs => inputs.map(i => i.value)")
    assert page.locator("#wall [data-accounts-csrf]").count() >= 1
    assert page.locator("#comments [data-accounts-csrf]").count() >= 1
    assert len(set(tokens)) == 1, tokens

    comments_box = page.locator("#comments form[data-accounts-signin]")
    comments_box.get_by_label("Email").fill(f"commenter-{time.time_ns()}@example.com")
    comments_box.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your email").wait_for()
