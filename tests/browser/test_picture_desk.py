"""The picture desk and the writer, in the real admin: a photo comes in with its caption and
credit, and an article's topics are chosen by searching or added from the chooser."""

import io
import re
import urllib.request

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.admin import add_story, sign_in
from tests.live_site import site_shell

pytestmark = pytest.mark.browser

NEW_TOPIC = "Haifa port strike"


def photo_file(tmp_path):
    path = tmp_path / "haifa-quay.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 110, 150)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_editor_uploads_a_credited_photo(site, page, artifact, tmp_path):
    """Images > Add an image asks for caption and credit; Update without a credit is
    refused with the reason, and with one the photo is stored with both."""
    sign_in(page, site)
    page.get_by_role("link", name="Images").first.click()
    page.get_by_role("link", name="Add an image").first.click()
    with page.expect_file_chooser() as chooser:
        # The uploader lays its (transparent) file input over the button: a click on the
        # button lands on the input, as the editor's does.
        page.get_by_text("Or choose from your computer").click(force=True)
    chooser.value.set_files(photo_file(tmp_path))

    form = page.locator("form:has(button:has-text('Update'))").first
    form.get_by_label("Caption").fill("Cranes stand idle on the Haifa quay.")
    form.get_by_role("button", name="Update").click()
    refusal = page.get_by_text("Add the credit").first
    refusal.wait_for()
    page.screenshot(path=artifact("picture-desk-upload-needs-credit.png"), full_page=True)

    form = page.locator("form:has(button:has-text('Update'))").first
    form.get_by_label("Caption").fill("Cranes stand idle on the Haifa quay.")
    form.get_by_label("Credit").fill("Noa Levi/Masthead")
    form.get_by_role("button", name="Update").click()
    expect(page.get_by_role("button", name="Update")).to_be_hidden()
    expect(page.get_by_text("Add the credit")).to_be_hidden()
    page.screenshot(path=artifact("picture-desk-upload-credited.png"), full_page=True)

    stored = site_shell(
        site,
        "from masthead.news.models import NewsImage; "
        "i = NewsImage.objects.get(caption__startswith='Cranes stand idle'); "
        "print(i.credit)",
    )
    assert stored == "Noa Levi/Masthead"


def test_editor_chooses_and_adds_topics_from_the_article_form(site, page, artifact):
    """In a new article, a topic is found by searching the chooser and a new one is added
    from the chooser's tab; saved, the article has both, and the new topic has its page."""
    sign_in(page, site)
    page.get_by_role("button", name="Pages").click()
    page.get_by_role("link", name="View child pages of 'Masthead'").click()
    page.get_by_role("link", name="World", exact=True).first.click()
    add_story(page)
    page.get_by_role("textbox", name="Headline").fill("Haifa dockers walk out")
    page.get_by_role("textbox", name="Standfirst").fill("The port's cranes stood still on Monday.")

    page.get_by_role("button", name="Add authors").click()
    modal = page.locator(".modal")
    modal.get_by_role("checkbox", name="Staff writer").check()
    modal.get_by_role("button", name="Confirm selection").click()
    modal.wait_for(state="hidden")

    page.get_by_role("button", name="Add a topic").click()
    modal.get_by_role("textbox", name="Search term").fill("syr")
    expect(modal.get_by_role("link", name="Iran", exact=True)).to_be_hidden()
    page.screenshot(path=artifact("picture-desk-topic-search.png"))
    modal.get_by_role("link", name="Syria", exact=True).click()
    modal.wait_for(state="hidden")

    page.get_by_role("button", name="Add a topic").click()
    modal.get_by_role("tab", name="Add a new topic").click()
    modal.get_by_label("Name").fill(NEW_TOPIC)
    page.screenshot(path=artifact("picture-desk-new-topic.png"), full_page=True)
    modal.get_by_role("button", name="Add topic").click()
    modal.wait_for(state="hidden")

    topics = page.locator("[data-snippets-chooser-list]")
    assert topics.get_by_text("Syria").is_visible()
    assert topics.get_by_text(NEW_TOPIC).is_visible()
    page.screenshot(path=artifact("picture-desk-article-topics.png"), full_page=True)

    page.get_by_role("tab", name="Promote").click()
    slug = page.get_by_label("Slug")
    if not slug.input_value():
        slug.fill("haifa-dockers-walk-out")
    page.get_by_role("tab", name="Content").click()
    # The admin autosaves the new draft as the editor works (the address becomes the page's
    # edit address); Save draft clicked while that first autosave is in flight would create
    # the page a second time and be refused for its slug, so let it land, as a pause would.
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Save draft").click()
    # "created" when this save makes the page, "has been updated" when an autosave did first.
    saved_message = re.compile(r"Page 'Haifa dockers walk out' (has been )?(created|updated)")
    expect(page.get_by_text(saved_message)).to_be_visible()

    saved = site_shell(
        site,
        "from masthead.news.models import ArticlePage; "
        "a = ArticlePage.objects.get(title='Haifa dockers walk out'); "
        "r = a.get_latest_revision_as_object(); "
        "print(sorted(t.name for t in r.topics.all()))",
    )
    assert saved == str(sorted(["Syria", NEW_TOPIC]))
    with urllib.request.urlopen(site["url"] + "/topics/haifa-port-strike/", timeout=10) as response:
        assert NEW_TOPIC in response.read().decode()


UNCREDITED = """
import io
from django.core.files.images import ImageFile
from PIL import Image
from masthead.news.models import NewsImage
buffer = io.BytesIO()
Image.new("RGB", (900, 600), (160, 60, 40)).save(buffer, "JPEG")
buffer.name = "dockers.jpg"
photo = NewsImage(title="Dockers at the gate", caption="", credit="")
photo.file = ImageFile(buffer)
photo.save()
print(photo.pk)
"""


def test_editor_adds_a_missing_credit_in_the_photo_chooser(site, page, artifact):
    """A photo that came in without a credit (before the rule) is marked in the article's
    photo chooser; choosing it asks for the credit there, refuses a blank one, and once
    given uses the photo without leaving the article."""
    photo_id = site_shell(site, UNCREDITED)
    sign_in(page, site)
    page.get_by_role("button", name="Pages").click()
    page.get_by_role("link", name="View child pages of 'Masthead'").click()
    page.get_by_role("link", name="World", exact=True).first.click()
    add_story(page)
    page.get_by_role("textbox", name="Headline").fill("Dockers block the gate")

    page.get_by_role("button", name="Choose a photo").first.click()
    modal = page.locator(".modal")
    bare = modal.get_by_role("link", name="Dockers at the gate")
    expect(bare).to_contain_text("Needs a credit")
    expect(modal.get_by_text("cannot be used yet")).to_be_visible()
    page.screenshot(path=artifact("picture-desk-chooser-needs-credit.png"))
    bare.click()

    save = modal.get_by_role("button", name="Save credit and use this photo")
    save.click()
    expect(modal.get_by_text("Add the credit")).to_be_visible()
    modal.get_by_label("Credit").fill("Dan Roe/Reuters")
    modal.get_by_label("Caption").fill("Dockers at the port's north gate.")
    page.screenshot(path=artifact("picture-desk-chooser-add-credit.png"))
    save.click()
    modal.wait_for(state="hidden")
    form = page.get_by_role("tabpanel", name="Content")
    expect(form.get_by_text("Dockers at the gate")).to_be_visible()
    expect(page).to_have_url(re.compile("/admin/pages/add/"))  # still writing the article
    page.screenshot(path=artifact("picture-desk-chooser-photo-chosen.png"))

    stored = site_shell(
        site,
        f"from masthead.news.models import NewsImage; i = NewsImage.objects.get(pk={photo_id}); "
        "print(i.credit, '|', i.caption)",
    )
    assert stored == "Dan Roe/Reuters | Dockers at the port's north gate."


def test_picture_desk_credits_photos_from_the_report(site, page, artifact):
    """Reports > Photos without a credit lists an uncredited photo with a link to its edit
    form; once its credit is saved there, the report no longer lists it."""
    site_shell(site, UNCREDITED.replace("Dockers at the gate", "Gulls over the breakwater"))
    sign_in(page, site)
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Photos without a credit").click()
    listed = page.get_by_role("link", name="Gulls over the breakwater")
    expect(listed).to_be_visible()
    page.screenshot(path=artifact("picture-desk-report.png"))

    listed.click()
    page.get_by_label("Credit").fill("Ann Lee/AP")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("updated")).to_be_visible()

    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Photos without a credit").click()
    expect(page.get_by_role("heading", name="Photos without a credit")).to_be_visible()
    expect(page.get_by_role("link", name="Gulls over the breakwater")).to_have_count(0)
