"""A live page open in a reader's browser, through nginx, while an editor works the compose
screen in another: new entries wait behind a button, edits, pins and deletions arrive in
place, and the page never reloads. A poll while nothing changed is answered without the
entries' bytes."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.admin import open_section, sign_in
from tests.live_site import site_shell

pytestmark = pytest.mark.edge

# Longer than a poll (10 s) and the purge on its way to nginx.
SEEN_WITHIN = 30_000


def make_live_page(site):
    """The newsroom's live page, published under World with one entry: its path and id."""
    return site_shell(
        site,
        """
from masthead.live import services
from masthead.live.models import LiveBlogPage
from masthead.news.models import Author, SectionPage
section = SectionPage.objects.get(slug="world")
page = LiveBlogPage(title="Border talks: live", slug="border-talks-live", live=False,
                    standfirst="The day's talks as they happen.", access_level="free")
section.add_child(instance=page)
page.bylines.create(author=Author.objects.get(slug="staff"))
page.save_revision().publish()
services.post_entry(page, body=[("paragraph", "<p>Delegations are on their way.</p>")])
print(page.url, page.pk)
""",
    ).split()


def test_entries_reach_a_readers_open_page_without_a_reload(site, edge, browser):
    path, page_id = make_live_page(site)
    reader = browser.new_context().new_page()
    loads, polls = [], []
    reader.on("load", lambda _: loads.append(1))
    reader.on("response", lambda r: polls.append(r.status) if r.url.endswith("/updates/") else None)
    with reader.expect_response(lambda r: r.url.endswith("/updates/"), timeout=SEEN_WITHIN):
        reader.goto(edge["url"] + path)
    entries = reader.locator(".live-entries")
    expect(entries).to_contain_text("Delegations are on their way.")
    # Nothing changed since the page was served: its first poll carried no entries.
    assert polls == [304], polls

    editor = browser.new_context().new_page()
    sign_in(editor, site)
    # To the compose screen as an editor goes: the section's pages, then the page's menu.
    open_section(editor, "World")
    editor.get_by_role("button", name="More options for 'Border talks: live'").click()
    editor.get_by_role("link", name="Post updates").click()
    editor.wait_for_url(f"**/admin/live/{page_id}/")

    def post(text, pinned=False):
        editor.get_by_label("Text").fill(text)
        if pinned:
            editor.get_by_label("Pinned").check()
        editor.get_by_role("button", name="Post").click()
        expect(editor.get_by_text("Posted.")).to_be_visible()

    # A new entry waits behind the button, above what the reader reads.
    post("The talks have begun.")
    show = reader.get_by_role("button", name="1 new update")
    show.wait_for(timeout=SEEN_WITHIN)
    expect(entries).not_to_contain_text("The talks have begun.")
    show.click()
    expect(entries.locator("li").first).to_contain_text("The talks have begun.")

    # An edit arrives in place.
    editor.get_by_role("link", name=re.compile("^Edit the entry of")).first.click()
    editor.get_by_label("Text").fill("The talks have begun, two hours late.")
    editor.get_by_role("button", name="Save changes").click()
    expect(entries).to_contain_text("two hours late", timeout=SEEN_WITHIN)
    expect(entries).to_contain_text("Updated")

    # A pinned entry shows on top.
    post("Follow the talks here all day.", pinned=True)
    pinned = reader.locator(".live-pinned")
    expect(pinned).to_contain_text("Follow the talks here all day.", timeout=SEEN_WITHIN)

    # A deleted entry goes.
    editor.get_by_role("link", name=re.compile("^Delete the entry of")).last.click()
    editor.get_by_role("button", name="Yes, delete it").click()
    expect(entries).not_to_contain_text("Delegations are on their way.", timeout=SEEN_WITHIN)

    assert len(loads) == 1, "the reader's page never reloaded"
