"""The newsroom home, as each role opens the admin: what waits for them, each row a link to
act on it, and only the panels their role can act on."""

import pytest
from playwright.sync_api import expect

from tests.browser.admin import sign_in

pytestmark = pytest.mark.browser


def panel(page, heading):
    return page.locator("section", has=page.get_by_role("heading", name=heading))


def test_the_editor_in_chief_acts_from_the_newsroom_home(site, page, artifact):
    """The demo editor sees today's published stories, alerts, comments and the Daily Edition
    on the home page, and a story's row opens the story's edit form."""
    sign_in(page, site)
    for heading in (
        "My drafts",
        "Waiting for my approval",
        "Scheduled",
        "Published in the last 24 hours",
        "Breaking alerts, last 24 hours",
        "Comments waiting for moderation",
        "Today’s Daily Edition",
    ):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    page.screenshot(path=artifact("newsroom-home-editor.png"), full_page=True)
    published = panel(page, "Published in the last 24 hours").locator("td.title a").first
    title = published.inner_text()
    published.click()
    expect(page.get_by_role("textbox", name="Headline")).to_have_value(title)


def test_a_moderator_sees_only_what_a_moderator_acts_on(site, page, artifact):
    """The moderator's home holds the comments waiting, not pages, alerts or editions."""
    sign_in(page, site, account="moderator")
    expect(page.get_by_role("heading", name="Comments waiting for moderation")).to_be_visible()
    for heading in ("My drafts", "Published in the last 24 hours", "Today’s Daily Edition"):
        expect(page.get_by_role("heading", name=heading)).to_have_count(0)
    page.screenshot(path=artifact("newsroom-home-moderator.png"), full_page=True)
