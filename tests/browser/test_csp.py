"""In a real browser, the site and the admin work under their policies: Chromium reports
no Content-Security-Policy violation on the reader's pages or in the page editor."""

import pytest

from masthead.demo import seed

pytestmark = pytest.mark.browser

SEED = "/israel-and-the-region/netanyahu-holds-talks-with-russian-officials-on-syria-friction/"


def watch_violations(page):
    """Collect every CSP violation the page reports (the event, and Chromium's console)."""
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective"
        " + ' ' + e.blockedURI))"
    )
    return violations


def test_no_policy_violation_on_the_readers_pages(site, page):
    violations = watch_violations(page)
    for path in ("/", SEED, "/search/?q=talks", "/account/signin/"):
        page.goto(site["url"] + path)
        page.wait_for_load_state("networkidle")
    # The scripts ran: the search box offers headlines as the reader types.
    page.goto(site["url"] + "/")
    page.fill("#site-search", "Netanyahu")
    page.wait_for_selector("#site-search-suggestions li", timeout=15000)
    assert violations == []


def test_no_policy_violation_in_the_page_editor(site, page):
    violations = watch_violations(page)
    editor = site["credentials"]["editor"]
    page.goto(site["url"] + "/admin/login/")
    page.fill("#id_username", editor["email"])
    page.fill("#id_password", editor["password"])
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    # The seed article in the page editor: its fields and StreamField have loaded.
    page.goto(site["url"] + "/admin/pages/search/?q=Netanyahu")
    page.get_by_role("link", name=seed.HEADLINE).first.click()
    page.locator("#id_title").wait_for()
    assert page.input_value("#id_title") == seed.HEADLINE
    page.wait_for_load_state("networkidle")
    page.goto(site["url"] + "/admin/images/")
    page.wait_for_load_state("networkidle")
    assert violations == [], "\n".join(violations)
