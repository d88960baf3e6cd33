import pytest

from masthead.demo import seed

pytestmark = pytest.mark.browser


def test_reader_opens_the_seed_article_from_the_front_page(site, page, artifact):
    """Front page → click the lead story → the article shows its photo caption and credit."""
    page.goto(site["url"] + "/")
    page.get_by_role("link", name=seed.HEADLINE).first.click()
    page.wait_for_url("**/netanyahu-holds-talks-with-russian-officials-on-syria-friction/")
    assert page.locator("h1.headline").inner_text() == seed.HEADLINE
    lead = page.locator("figure.lead-photo")
    assert seed.LEAD_CAPTION in lead.locator("figcaption").inner_text()
    assert lead.locator(".credit").inner_text() == f"({seed.LEAD_CREDIT})"
    # The photo really loaded (a rendition generated ahead of time, served by the app).
    assert page.evaluate("document.querySelector('figure.lead-photo img').naturalWidth") > 0
    page.screenshot(path=artifact("seed-article.png"), full_page=True)


def test_article_reads_on_a_phone(site, browser, artifact):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    page.goto(
        site["url"] + "/israel-and-the-region/"
        "netanyahu-holds-talks-with-russian-officials-on-syria-friction/"
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the article scrolls sideways on a phone"
    page.screenshot(path=artifact("seed-article-phone.png"))
    context.close()
