"""'Or Continue with' on a fresh demo: `masthead serve` starts the demo's OpenID Connect
issuer (masthead.demo.oidc) on loopback, so the sign-in page offers it with no provider's
keys set, and a reader signs in there and comes back signed in."""

import re
from urllib.parse import urlsplit

import pytest

from masthead.demo import seed
from tests.browser.test_signin import ARTICLE

pytestmark = pytest.mark.browser


def test_continue_with_the_demo_provider_and_come_back_signed_in(site, page, artifact):
    page.goto(site["url"] + ARTICLE)
    slot = page.locator("#account-slot")
    slot.get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/account/signin/**")
    assert page.get_by_text("Or Continue with").is_visible()
    page.get_by_role("button", name="Demo ID").click()

    # At the issuer, on its own port: the reader picks who to be.
    page.get_by_role("heading", name="Sign in to Demo ID").wait_for()
    site_port = urlsplit(site["url"]).port
    assert urlsplit(page.url).hostname == "127.0.0.1" and urlsplit(page.url).port != site_port
    page.screenshot(path=artifact("continue-with-issuer.png"), full_page=True)
    page.get_by_label("Dana Reader (reader@demo.example)").check()
    page.get_by_role("button", name="Continue").click()

    # Back on the site: a new member gives consent once, then is where they started.
    page.get_by_role("heading", name="Finish registering").wait_for()
    page.get_by_label(re.compile("I agree to the")).check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(f"**{ARTICLE}")
    assert page.locator("h1.headline").inner_text() == seed.HEADLINE
    slot.get_by_role("link", name="Account").wait_for()
    page.screenshot(path=artifact("continue-with-signed-in.png"))
