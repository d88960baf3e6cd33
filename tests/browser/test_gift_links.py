"""Gift links as people use them: a member gives the seed story, someone else opens the link in
another browser and reads it whole, it runs out of opens, and the member revokes it."""

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from masthead.demo import seed
from tests.browser.test_signin import ARTICLE, ask_for_link

pytestmark = pytest.mark.browser

GATED = seed.PARAGRAPHS_AFTER_PHOTO[-1]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def axe_violations(page):
    """Every axe violation on the page, at a desk's width and a phone's, light and dark."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci)")
    found = []
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        for theme in ("light", "dark"):
            page.emulate_media(color_scheme=theme)
            if not page.evaluate("() => typeof window.axe !== 'undefined'"):
                page.evaluate(AXE.read_text())
            result = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
            found += [
                f"{urlsplit(page.url).path} [{width}, {theme}] {v['id']}: {v['help']} "
                f"at {[' '.join(n['target']) for n in v['nodes']][:3]}"
                for v in result
            ]
    return found


def register(site, page, email):
    link, _ = ask_for_link(site, page, email)
    page.goto(link)
    page.wait_for_url("**/account/welcome/")
    page.get_by_label(re.compile("I agree to the")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Register").click()


def open_in_a_new_browser(browser, link):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    reader = context.new_page()
    reader.goto(link)
    return context, reader


def test_a_gift_link_given_opened_elsewhere_exhausted_and_revoked(site, page, browser, artifact):
    register(site, page, f"giver-{time.time_ns()}@example.com")
    page.goto(site["url"] + ARTICLE)
    tools = page.locator(".story-tools")
    assert tools.get_by_role("link", name="WhatsApp").is_visible()
    tools.get_by_role("link", name="Give this story").click()
    page.get_by_role("heading", name="Give this story").wait_for()
    page.get_by_role("button", name="Create a gift link").click()
    page.get_by_role("heading", name="Your gift link").wait_for()
    link = page.get_by_label("Gift link").input_value()
    assert re.fullmatch(re.escape(site["url"]) + r"/gift/[^/]+/", link), link

    # Another browser, no account: the whole story, with a word about registering.
    friend_context, friend = open_in_a_new_browser(browser, link)
    assert GATED in friend.locator("#story-body").inner_text()
    assert friend.locator("#wall").count() == 0
    assert friend.get_by_text("A member has given you this story.").is_visible()
    assert friend.get_by_role("link", name="Register for free").first.is_visible()
    friend.screenshot(path=artifact("gift-opened.png"), full_page=True)
    found = axe_violations(friend)

    # Nine more browsers use up the link's ten opens; the eleventh gets the lead-in and why.
    for _ in range(9):
        context, reader = open_in_a_new_browser(browser, link)
        assert GATED in reader.content()
        context.close()
    late_context, late = open_in_a_new_browser(browser, link)
    assert GATED not in late.content()
    assert late.get_by_text(
        re.compile("already been opened as many times as it allows")
    ).is_visible()
    assert late.locator("#wall").is_visible()
    found += axe_violations(late)
    late_context.close()

    # Whoever opened it first still reads it; the anonymous story itself is unchanged.
    friend.reload()
    assert GATED in friend.locator("#story-body").inner_text()
    friend.goto(site["url"] + ARTICLE)
    assert GATED not in friend.content() and friend.locator("#wall").is_visible()

    # The giver revokes it from the account page: the link no longer opens the story.
    page.goto(site["url"] + "/account/")
    section = page.locator("#gift-links")
    assert "opened 10 of 10" in section.inner_text()
    section.get_by_role("button", name=re.compile("^Revoke")).click()
    page.get_by_text("The gift link is revoked").wait_for()
    assert "Revoked" in page.locator("#gift-links").inner_text()
    friend.goto(link)
    assert GATED not in friend.content()
    assert friend.get_by_text("has withdrawn the gift link").is_visible()
    friend_context.close()
    assert not found, "\n".join(found)
