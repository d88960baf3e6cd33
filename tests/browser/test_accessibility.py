"""axe-core (npm, installed by `make test`) finds no violation of any impact on any reader's
page type, at a desk's width and a phone's, in the light theme and the dark one.

Pages are found the way a reader finds them: from the front page's links (a section, the seed
story, its topic and author, the footer's pages), the sign-in and consent pages by
registering, the account page signed in."""

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.test_signin import ARTICLE, ask_for_link

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
THEMES = ("light", "dark")


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci)")
    return AXE.read_text()


def violations(page, axe_source):
    """Every axe violation on the page as it is now, in every width and theme, as lines."""
    found = []
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        for theme in THEMES:
            page.emulate_media(color_scheme=theme)
            if not page.evaluate("() => typeof window.axe !== 'undefined'"):
                page.evaluate(axe_source)
            result = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
            for violation in result:
                targets = [" ".join(node["target"]) for node in violation["nodes"]][:3]
                found.append(
                    f"{urlsplit(page.url).path} [{width}, {theme}] {violation['impact']} "
                    f"{violation['id']}: {violation['help']} at {targets}"
                )
    return found


def same_site_links(page, selector):
    """The absolute addresses of the links under `selector` that stay on the site."""
    hrefs = page.locator(selector).evaluate_all("links => links.map(a => a.href)")
    here = urlsplit(page.url).netloc
    return [href for href in hrefs if urlsplit(href).netloc == here]


def reader_pages(site, page):
    """The addresses of every anonymous page type, found by following links."""
    url = site["url"]
    page.goto(url + "/")
    sections = same_site_links(page, "nav.site-nav a")
    footer = [
        link
        for link in same_site_links(page, "footer a")
        if not re.search(r"/(feeds|sitemap)|\.xml$", link)
    ]
    stories = same_site_links(page, ".card__headline a")
    page.goto(url + ARTICLE)
    author = same_site_links(page, ".byline a")[0]
    topics = []
    for story in stories:  # the seed has no topic: the first story on the front that has one
        page.goto(story)
        if topics := same_site_links(page, ".topic-list a"):
            break
    return {
        "front": url + "/",
        "section": sections[0],
        "topic": topics[0],
        "author": author,
        "article": url + ARTICLE,
        "search": url + "/search/?q=Syria",
        "sign-in": url + "/account/signin/",
        **{f"footer {urlsplit(link).path}": link for link in dict.fromkeys(footer)},
    }


def test_no_violation_on_any_page_a_reader_reads(site, browser, axe_source):
    context = browser.new_context()
    page = context.new_page()
    found = []
    pages = reader_pages(site, page)
    assert len([name for name in pages if name.startswith("footer")]) >= 4, pages
    for address in pages.values():
        page.goto(address)
        found += violations(page, axe_source)

    # Registering: the consent page, then the story and the account page as a member.
    email = f"axe-{time.time_ns()}@example.com"
    link, _ = ask_for_link(site, page, email)
    found += violations(page, axe_source)  # "Check your email"
    page.goto(link)
    page.wait_for_url("**/account/welcome/")
    found += violations(page, axe_source)
    page.get_by_label(re.compile("I agree to the")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Register").click()
    for path in (ARTICLE, "/account/"):
        page.goto(site["url"] + path)
        found += violations(page, axe_source)
    context.close()
    assert not found, "\n".join(found)
