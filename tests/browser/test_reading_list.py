"""Save for later in Chromium: a reader presses Save on a story, signs in and comes back to
it, saves it, finds it marked saved on the front page, and on another device, signed in as
the same member, finds it on the account page and removes it. No axe violation on the way."""

import re
import time

import pytest

from masthead.demo import seed
from tests.browser.test_accessibility import AXE, violations
from tests.browser.test_signin import ARTICLE, link_and_code, read_mail

pytestmark = pytest.mark.browser

SAVE = f"Save for later: {seed.HEADLINE}"


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci)")
    return AXE.read_text()


def sign_in(site, page, email, subject):
    """Ask for the email from the sign-in page `page` is on; open its link in this browser."""
    page.get_by_label("Email").fill(email)
    started = time.time() - 1
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    message = read_mail(site, email, after=started)
    assert message["Subject"] == subject
    link, _code = link_and_code(message)
    page.goto(link)


def test_a_member_saves_a_story_and_finds_it_on_another_device(site, browser, axe_source, artifact):
    email = f"keeper-{time.time_ns()}@example.com"
    laptop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = laptop.new_page()

    # Not signed in: Save sends the reader to sign in, and registering brings them back.
    page.goto(site["url"] + ARTICLE)
    story_save = page.locator(".story-header").get_by_role("button", name="Save for later")
    # The button says whether it is pressed once the reader's state has arrived.
    page.locator(".story-header .readinglist-save button[aria-pressed]").wait_for()
    story_save.click()
    page.wait_for_url("**/account/signin/**")
    sign_in(site, page, email, "Finish registering with Masthead")
    page.get_by_label(re.compile("I agree to the")).check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(f"**{ARTICLE}")

    # Signed in: one press saves, without leaving the story.
    story_save = page.locator(".story-header").get_by_role("button", name="Save for later")
    page.locator(".story-header [aria-pressed='false']").wait_for()
    story_save.click()
    page.locator(".story-header").get_by_role(
        "button", name="Save for later", pressed=True
    ).wait_for()
    assert page.url.endswith(ARTICLE)
    page.locator(".story-header").screenshot(path=artifact("reading-list-story.png"))
    found = violations(page, axe_source)

    # The front page's card of the story shows it saved.
    page.goto(site["url"] + "/")
    page.get_by_role("button", name=SAVE, pressed=True).first.wait_for()
    assert page.get_by_role("button", name=re.compile("^Save for later"), pressed=True).count() == (
        page.get_by_role("button", name=SAVE).count()
    )
    page.screenshot(path=artifact("reading-list-front.png"))
    found += violations(page, axe_source)

    # Another device, the same member: the story is on the account page's reading list.
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    other = phone.new_page()
    other.goto(site["url"] + "/account/signin/")
    sign_in(site, other, email, "Sign in to Masthead")
    other.goto(site["url"] + "/account/")
    reading_list = other.locator("section", has=other.get_by_role("heading", name="Reading list"))
    saved = reading_list.get_by_role("link", name=seed.HEADLINE)
    assert saved.get_attribute("href") == ARTICLE
    assert "israel & the region" in reading_list.inner_text().lower()  # its section
    reading_list.screenshot(path=artifact("reading-list-account.png"))
    found += violations(other, axe_source)

    reading_list.get_by_role("button", name=f"Remove {seed.HEADLINE}").click()
    other.get_by_text("Removed from your reading list.").wait_for()
    assert other.get_by_text("Nothing saved yet.").is_visible()
    assert reading_list.get_by_role("link", name=seed.HEADLINE).count() == 0
    phone.close()

    # Back on the first device, the story is no longer marked saved.
    page.goto(site["url"] + ARTICLE)
    page.locator(".story-header").get_by_role(
        "button", name="Save for later", pressed=False
    ).wait_for()
    laptop.close()
    assert not found, "\n".join(found)
