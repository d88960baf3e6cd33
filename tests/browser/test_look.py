"""The look as a reader meets it: the dark theme (the device's, until the reader picks one,
remembered across pages without a cookie), the phone's one-row header whose menu opens the
sections with the current one marked, and today's times told as "2 hours ago"."""

from datetime import UTC, datetime, timedelta

import pytest

pytestmark = pytest.mark.browser

ARTICLE = "/israel-and-the-region/netanyahu-holds-talks-with-russian-officials-on-syria-friction/"
DARK_PAPER = "rgb(18, 20, 23)"
LIGHT_PAPER = "rgb(255, 255, 255)"


def paper(page):
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_the_dark_theme_follows_the_device_until_the_reader_picks_one(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(site["url"] + ARTICLE)
    assert paper(page) == DARK_PAPER  # nothing chosen: the device's dark
    toggle = page.get_by_role("button", name="Dark theme")
    assert toggle.get_attribute("aria-pressed") == "true"

    toggle.click()  # the reader wants light here
    assert paper(page) == LIGHT_PAPER
    assert toggle.get_attribute("aria-pressed") == "false"

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="World").click()
    page.wait_for_url("**/world/")
    assert paper(page) == LIGHT_PAPER  # remembered on the next page, before it was painted
    assert page.get_by_role("button", name="Dark theme").get_attribute("aria-pressed") == "false"
    # Kept in the browser, never in a cookie a shared page cache would see.
    assert not [c for c in context.cookies() if "theme" in c["name"]]
    assert page.evaluate("localStorage.getItem('masthead-theme')") == "light"

    page.get_by_role("button", name="Dark theme").click()
    page.goto(site["url"] + "/")
    assert paper(page) == DARK_PAPER
    context.close()

    light_device = browser.new_context(color_scheme="light")
    page = light_device.new_page()
    page.goto(site["url"] + "/")
    assert paper(page) == LIGHT_PAPER
    assert page.get_by_role("button", name="Dark theme").get_attribute("aria-pressed") == "false"
    light_device.close()


def test_a_phone_gets_one_header_row_and_the_menu_opens_the_sections(site, browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    page.goto(site["url"] + ARTICLE)
    header = page.get_by_role("banner")
    brand = header.get_by_role("link", name="Masthead")
    search = header.get_by_role("link", name="Search")
    menu = header.get_by_role("button", name="Menu")
    tops = {round(el.bounding_box()["y"]) for el in (brand, search, menu)}
    boxes = [el.bounding_box() for el in (brand, search, menu)]
    # One row: the three share a line, and the header ends before the story begins.
    assert max(b["y"] for b in boxes) < min(b["y"] + b["height"] for b in boxes), tops
    assert header.bounding_box()["height"] < 72
    sections = page.get_by_role("navigation", name="Sections")
    assert not sections.is_visible()

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    current = sections.get_by_role("link", name="Israel & the Region")
    assert current.is_visible()
    assert current.get_attribute("aria-current") == "true"  # the story's section
    assert sections.get_by_role("link", name="World").is_visible()

    sections.get_by_role("link", name="World").click()
    page.wait_for_url("**/world/")
    page.get_by_role("button", name="Menu").click()
    world = page.get_by_role("navigation", name="Sections").get_by_role("link", name="World")
    assert world.get_attribute("aria-current") == "page"
    page.keyboard.press("Escape")
    assert not page.get_by_role("navigation", name="Sections").is_visible()
    context.close()


def test_todays_times_read_as_hours_ago_with_the_exact_time_on_hover(site, browser):
    first = browser.new_context()
    page = first.new_page()
    page.goto(site["url"] + "/world/")
    time = page.locator("time.moment").first
    exact, moment = time.get_attribute("title"), time.get_attribute("datetime")
    first.close()
    published = datetime.fromisoformat(moment).astimezone(UTC)
    # A reader for whom the story came out early enough in the day to be two hours old today.
    zone = "UTC" if published.hour < 22 else "Etc/GMT+4"
    context = browser.new_context(timezone_id=zone)
    page = context.new_page()
    page.clock.set_fixed_time(published + timedelta(hours=2, minutes=5))
    page.goto(site["url"] + "/world/")
    time = page.locator(f'time.moment[datetime="{moment}"]').first
    assert time.inner_text() == "2 hours ago"
    assert time.get_attribute("title") == exact  # the exact time, on hover

    page.clock.set_fixed_time(published + timedelta(days=1, hours=2))
    page.reload()  # another day: the exact time again
    assert page.locator(f'time.moment[datetime="{moment}"]').first.inner_text() == exact
    context.close()
