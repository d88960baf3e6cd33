"""An editor corrects a published story in the admin; every reader sees the correction."""

import pytest

from masthead.demo import seed
from tests.browser.admin import sign_in

pytestmark = pytest.mark.browser

CORRECTION = "An earlier version of this story misspelled Sergey Vershinin's name."


def test_an_editor_adds_a_correction_that_readers_see_at_the_foot(site, page, browser, artifact):
    """The editor finds the story with the admin's search, adds a correction in the form's
    Corrections panel (its time is now unless changed), publishes, and an anonymous reader
    who opens the story from the front page finds the correction at its foot, and first on
    the corrections page the site's footer links."""
    sign_in(page, site)
    search = page.get_by_role("search").get_by_role("textbox").first
    search.fill("Netanyahu Russian officials")
    search.press("Enter")
    page.get_by_role("link", name=seed.HEADLINE).first.click()
    page.wait_for_load_state()

    corrections = page.get_by_role("region", name="Corrections", exact=True)
    corrections.get_by_role("button", name="Add correction").click()
    corrections.get_by_label("Text").last.fill(CORRECTION)
    assert corrections.get_by_label("Time").last.input_value(), "the time defaults to now"
    page.screenshot(path=artifact("corrections-editor-form.png"), full_page=True)

    # Let the admin's autosave settle, as an editor's pause would, before publishing.
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    message = page.locator(".messages .success, .messages .error").first
    message.wait_for(timeout=90_000)
    assert "published" in message.inner_text(), message.inner_text()

    reader = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    try:
        reader.goto(site["url"] + "/")
        reader.get_by_role("link", name=seed.HEADLINE).first.click()
        foot = reader.locator(".story #corrections")
        foot.scroll_into_view_if_needed()
        assert CORRECTION in foot.inner_text()
        assert "Correction, " in foot.inner_text()
        reader.screenshot(path=artifact("corrections-reader.png"), full_page=False)
        reader.get_by_role("contentinfo").get_by_role("link", name="Corrections").click()
        assert CORRECTION in reader.locator(".correction-list li").first.inner_text()
        reader.screenshot(path=artifact("corrections-page.png"), full_page=False)
    finally:
        reader.context.close()
