"""An editor writes and publishes a story with a credited photo in the real admin."""

import urllib.request

import pytest

from tests.live_site import site_shell

pytestmark = pytest.mark.browser

HEADLINE = "Editor’s browser-made story about Haifa port"


def section_id(site, slug):
    code = f"from masthead.news.models import SectionPage; print(SectionPage.objects.get(slug={slug!r}).pk)"
    return site_shell(site, code)


def read(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_editor_publishes_an_article_with_a_credited_photo(site, page, artifact):
    editor = site["credentials"]["editor"]
    page.goto(site["url"] + "/admin/login/")
    page.fill("#id_username", editor["email"])
    page.fill("#id_password", editor["password"])
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(f"{site['url']}/admin/pages/add/news/articlepage/{section_id(site, 'world')}/")
    page.fill("#id_title", HEADLINE)
    page.fill("#id_standfirst", "Cranes idle as the port waits for a decision")

    page.get_by_role("button", name="Choose author").click()
    page.locator(".modal").get_by_role("link", name="Staff writer").click()
    page.get_by_role("button", name="Choose an image").first.click()
    page.locator(".modal").get_by_role("link", name="Netanyahu meets Russian envoys").click()
    page.locator(".modal").wait_for(state="hidden")

    page.locator("#panel-child-content-body-section button[title='Insert a block']").first.click()
    page.get_by_role("option", name="Paragraph").click()
    editor_box = page.locator("#panel-child-content-body-section [contenteditable=true]").first
    editor_box.click()
    editor_box.type("The port of Haifa stood still on Monday.")
    page.screenshot(path=artifact("editor-new-article.png"), full_page=True)
    page.get_by_role("tab", name="Promote").click()
    page.fill("#id_slug", "editors-browser-made-story-about-haifa-port")

    # The admin autosaves drafts as the editor types; publishing while an autosave is still in
    # flight is refused as a conflicting edit, so let it settle the way an editor's pause would.
    page.wait_for_load_state("networkidle")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_load_state()
    messages = page.locator(".messages .success, .messages .error")
    messages.first.wait_for(timeout=90_000)
    page.screenshot(path=artifact("editor-after-publish.png"), full_page=True)
    errors = page.locator(".error-message, .w-field__errors, .help-critical").all_inner_texts()
    assert "published" in messages.first.inner_text(), (messages.first.inner_text(), errors)

    front = read(site["url"] + "/?after-publish")
    assert HEADLINE in front or "Editor&#x27;s browser-made story" in front
    assert "browser-made-story" in read(site["url"] + "/world/?after-publish")
    assert "browser-made story" in read(site["url"] + "/feeds/rss/")
    assert "browser-made-story" in read(site["url"] + "/sitemap.xml")
    article_url = site["url"] + "/world/editors-browser-made-story-about-haifa-port/"
    html = read(article_url)
    assert "(Amos Ben-Gershom/GPO)" in html
