"""Comments in Chromium: a member posts, replies and edits; a moderator approves a held
comment and it appears. Runs against the real `masthead serve` with its task worker."""

import pytest
from playwright.sync_api import expect

from masthead.demo import seed
from tests.live_site import member_session

pytestmark = pytest.mark.browser

SEED_PATH = "/israel-and-the-region/netanyahu-holds-talks-with-russian-officials-on-syria-friction/"


def member_page(browser, site, email):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": member_session(site, email), "url": site["url"]}]
    )
    return context, context.new_page()


def open_comments(page, site):
    page.goto(site["url"] + SEED_PATH)
    page.locator("[data-comments-loaded]").wait_for()
    return page.locator("[data-comments-loaded]")


@pytest.fixture
def moderator(browser, site):
    """The demo editor, signed in to the admin with the password."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    editor = site["credentials"]["editor"]
    page.goto(site["url"] + "/admin/login/")
    page.fill("input[name=username]", editor["email"])
    page.fill("input[name=password]", editor["password"])
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/admin/")
    yield page
    context.close()


def test_members_comment_and_a_moderator_approves_a_held_comment(
    browser, site, moderator, artifact
):
    # The seed story is years old, so its discussion closed by age: an editor keeps it open.
    moderator.goto(site["url"] + "/admin/comments/discussions/")
    row = moderator.locator("tr", has_text=seed.HEADLINE)
    row.locator("select").select_option("open")
    row.get_by_role("button", name="Save").click()
    moderator.get_by_text("Open (no automatic close)").first.wait_for()

    # A member posts (asked for a display name, the first time), replies and edits.
    context, page = member_page(browser, site, "first-commenter@example.com")
    comments = open_comments(page, site)
    page.fill("#comments-display-name", "Dana Reader")
    page.fill("#comments-text", "The talks matter more than they seem.")
    assert page.locator("#comments-text-count").inner_text() == "1963 of 2000 characters left"
    page.get_by_role("button", name="Post comment").click()
    comments = page.locator("[data-comments-loaded]")
    top = comments.locator("li.comment[data-depth='1']", has_text="The talks matter")
    top.wait_for()
    assert "Dana Reader" in top.locator(".comment__author").first.inner_text()
    assert "(1)" in comments.locator("[data-comments-count]").inner_text()

    top.locator("details.comment__reply > summary").first.click()
    top.locator("details.comment__reply textarea").first.fill("And a follow-up thought.")
    top.get_by_role("button", name="Post reply").first.click()
    reply = page.locator("li.comment[data-depth='2']", has_text="And a follow-up thought.")
    reply.wait_for()

    reply.locator("details.comment__edit > summary").click()
    reply.locator("details.comment__edit textarea").fill("And a follow-up thought, edited.")
    reply.get_by_role("button", name="Save").click()
    edited = page.locator("li.comment[data-depth='2']", has_text="follow-up thought, edited.")
    edited.wait_for()
    assert edited.locator(".comment__edited").inner_text() == "edited"
    page.screenshot(path=artifact("comments-member.png"), full_page=True)
    context.close()

    # Another member's comment with many links waits for a moderator.
    context, page = member_page(browser, site, "link-sharer@example.com")
    open_comments(page, site)
    page.fill("#comments-display-name", "Lee Links")
    held = "Sources: https://a.example/1 https://b.example/2 https://c.example/3"
    page.fill("#comments-text", held)
    page.get_by_role("button", name="Post comment").click()
    page.get_by_text("will appear once a moderator approves it").wait_for()
    assert page.locator("li.comment", has_text="Sources:").count() == 0

    moderator.goto(site["url"] + "/admin/comments/")
    moderator.get_by_role("link", name="Sources:").first.click()
    moderator.get_by_role("button", name="Approve").click()
    moderator.get_by_text("approved.").first.wait_for()

    open_comments(page, site)
    page.locator("li.comment", has_text="Sources:").wait_for()
    assert page.locator("a[href='https://a.example/1']").get_attribute("rel") == (
        "nofollow ugc noopener"
    )
    context.close()


def test_anonymous_readers_see_comments_and_the_sign_in_box(site, page):
    page.goto(site["url"] + SEED_PATH)
    slot = page.locator("[data-comments-loaded]")
    slot.wait_for()
    assert slot.get_by_role("heading", name="Register to join the conversation").is_visible()
    # The late-arriving sign-in box got its CSRF token from the state endpoint.
    expect(slot.locator("[data-accounts-csrf]").first).not_to_have_value("")
