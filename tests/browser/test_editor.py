"""The editor's working day in the real admin, through visible controls only: a new story is
written from the Content tab, saved as a draft, previewed in the side panel and in a new tab,
then published; the seed story (with topics) previews; the front page's form arranges it."""

import re
import urllib.request

import pytest
from playwright.sync_api import expect

from masthead.demo import seed
from tests.browser.admin import add_story, open_section, sign_in

pytestmark = pytest.mark.browser

HEADLINE = "Cranes idle as Haifa port waits for a decision"
STANDFIRST = "The dockers' union and the port company meet again on Tuesday."
PARAGRAPH = "The port of Haifa stood still on Monday."
PHONE = {"width": 390, "height": 844}


def read(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def open_preview_panel(page):
    page.get_by_role("button", name="Toggle preview").click()
    return page.frame_locator("iframe[title='Preview']").last


def test_editor_writes_previews_and_publishes_a_story_from_the_content_tab(site, page, artifact):
    """A new story with an author, a photo, a paragraph and a topic is saved as a draft
    without opening the Promote tab (the headline gives the slug), previews in the side panel
    and in a new tab at a phone's width, and once published reads on the public site."""
    sign_in(page, site)
    open_section(page, "World")
    add_story(page)

    page.get_by_role("textbox", name="Headline").fill(HEADLINE)
    page.get_by_role("textbox", name="Standfirst").fill(STANDFIRST)

    page.get_by_role("button", name="Add authors").click()
    modal = page.locator(".modal")
    modal.get_by_title("Select Staff writer").check()
    modal.get_by_role("button", name="Confirm selection").click()
    modal.wait_for(state="hidden")

    page.get_by_role("button", name="Choose a photo").first.click()
    modal.get_by_role("link", name="Netanyahu meets Russian envoys").first.click()
    modal.wait_for(state="hidden")

    body = page.get_by_role("region", name="Body")
    body.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    editor_box = body.locator("[contenteditable=true]").first
    editor_box.click()
    editor_box.press_sequentially(PARAGRAPH)

    page.get_by_role("button", name="Add a topic").click()
    modal.get_by_role("textbox", name="Search term").fill("syr")
    modal.get_by_role("link", name="Syria", exact=True).click()
    modal.wait_for(state="hidden")
    page.screenshot(path=artifact("editor-new-article.png"), full_page=True)

    # Wagtail's autosave keeps the draft as it is written (our inlines and StreamField
    # included): the editor sees "Saved" by the form's header, then saves the draft, all from
    # the Content tab: the Promote tab (the slug) is never opened.
    expect(page.locator("#w-autosave-indicator").get_by_text("Saved")).to_be_visible()
    expect(page.get_by_text("Autosave is paused")).to_be_hidden()
    page.get_by_role("button", name="Save draft").click()
    saved = page.get_by_text(
        re.compile(f"Page '{re.escape(HEADLINE)}' (has been )?(created|updated)")
    )
    expect(saved.first).to_be_visible(timeout=30_000)

    preview = open_preview_panel(page)
    expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE, timeout=30_000)
    expect(preview.get_by_text(PARAGRAPH)).to_be_visible()
    expect(preview.get_by_role("link", name="Syria", exact=True).first).to_be_visible()
    page.screenshot(path=artifact("editor-preview-panel.png"))
    page.get_by_role("radio", name="Mobile").check()
    expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE)

    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Preview in new tab").click()
    tab = opened.value
    tab.set_viewport_size(PHONE)
    expect(tab.get_by_role("heading", level=1)).to_have_text(HEADLINE, timeout=30_000)
    expect(tab.get_by_text(STANDFIRST)).to_be_visible()
    tab.screenshot(path=artifact("editor-preview-tab-390.png"), full_page=True)
    tab.close()

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    published = page.get_by_text(re.compile(f"Page '{re.escape(HEADLINE)}' (has been )?published"))
    expect(published.first).to_be_visible(timeout=60_000)

    url = site["url"] + "/world/cranes-idle-as-haifa-port-waits-for-a-decision/"
    reader = page.context.new_page()
    reader.goto(url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(reader.get_by_text(f"({seed.LEAD_CREDIT})").first).to_be_visible()
    reader.screenshot(path=artifact("editor-published.png"), full_page=True)
    assert "cranes-idle-as-haifa-port" in read(site["url"] + "/world/?after-publish")


def test_the_seed_story_with_its_topics_previews(site, page):
    """The seed story, published with topics and authors, previews from its edit form with
    its topics and its read-more stories (it answered with an error page before). Nothing
    is typed: autosave would keep it as a draft of the seed for the tests after."""
    sign_in(page, site)
    open_section(page, "Israel & the Region")
    page.get_by_role("link", name=seed.HEADLINE).first.click()
    preview = open_preview_panel(page)
    expect(preview.get_by_role("heading", level=1)).to_have_text(seed.HEADLINE, timeout=30_000)
    topics = preview.get_by_role("list", name="Topics")
    expect(topics.get_by_role("link", name="Syria", exact=True)).to_be_visible()
    expect(preview.get_by_role("heading", name="Read more:")).to_be_visible()


def test_editor_arranges_the_front_page_from_its_form(site, page, artifact):
    """The front page's form has the lead story, the top stories and the section blocks (the
    demo's arrangement), and its preview shows the arranged front page."""
    sign_in(page, site)
    page.get_by_role("button", name="Pages").click()
    page.get_by_role("link", name="Edit 'Masthead'").click()
    expect(page.get_by_text("Lead story").first).to_be_visible()
    expect(page.get_by_text("Top stories").first).to_be_visible()
    expect(page.get_by_text("Section blocks").first).to_be_visible()
    expect(page.get_by_text(seed.HEADLINE).first).to_be_visible()
    page.screenshot(path=artifact("editor-front-page-form.png"), full_page=True)
    preview = open_preview_panel(page)
    lead = preview.get_by_role("region", name="Lead story")
    expect(lead.get_by_role("heading", level=2)).to_have_text(seed.HEADLINE, timeout=30_000)
    sections = preview.locator(".front-section .block-title")
    expect(sections.first).to_have_text("Israel & the Region")


def test_editors_on_the_same_story_are_told_of_each_others_versions(site, page, browser):
    """Two editors have the seed story open; when one saves a draft, the other is told by
    Wagtail's editing-sessions notice, without reloading."""
    sign_in(page, site)
    open_section(page, "Israel & the Region")
    page.get_by_role("link", name=seed.HEADLINE).first.click()
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        sign_in(other, site, account="desk")
        open_section(other, "Israel & the Region")
        other.get_by_role("link", name=seed.HEADLINE).first.click()
        expect(other.get_by_role("textbox", name="Headline")).to_have_value(seed.HEADLINE)

        page.get_by_role("textbox", name="Standfirst").fill(seed.STANDFIRST + " Updated.")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_text("has been updated").first).to_be_visible(timeout=30_000)

        notice = other.get_by_role("button", name="Eve Editor saved a new version")
        expect(notice).to_be_visible(timeout=30_000)
    finally:
        other.context.close()
