"""The brand and the look every reader's page shares: the footer's pages, the brand's colours
(checked for contrast, served to every page), the logo, the current section in the section
bar and one style of date."""

import re

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from masthead.core.models import BrandSettings

pytestmark = pytest.mark.django_db

ARTICLE = "/israel-and-the-region/netanyahu-holds-talks-with-russian-officials-on-syria-friction/"


def footer(html):
    return html[html.index('<footer class="site-footer"') :]


def test_the_footer_links_the_pages_the_demo_made_and_each_exists(client, demo):
    links = footer(client.get("/").content.decode())
    for title, url in [
        ("About us", "/about/"),
        ("Contact", "/contact/"),
        ("Privacy notice", "/privacy/"),
        ("Terms and conditions", "/terms/"),
        ("Corrections", "/corrections/"),
        ("RSS feed", "/feeds/rss/"),
    ]:
        assert f'<a href="{url}">{title}</a>' in links
        assert client.get(url).status_code == 200
    assert "Sign up for the Daily Edition" in links


def test_the_privacy_notice_says_what_the_site_records(client, demo):
    notice = client.get("/privacy/").content.decode()
    assert "<h1>Privacy notice</h1>" in notice
    for said in (
        "no third-party trackers",
        "session cookie",
        "Your consent",
        "delete your account",
    ):
        assert said in notice


def test_a_footer_page_an_editor_unpublishes_leaves_the_footer(client, demo):
    from masthead.core.models import StandardPage

    StandardPage.objects.get(slug="contact").unpublish()
    assert 'href="/contact/"' not in footer(client.get("/").content.decode())


def test_a_brand_colour_too_pale_to_read_is_refused_with_its_contrast(demo):
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.accent = "#7aa7e0"
    with pytest.raises(ValidationError) as refused:
        brand.full_clean()
    assert "accent" in refused.value.message_dict
    assert "contrast 2.5:1" in refused.value.message_dict["accent"][0]

    brand.accent, brand.accent_dark = "#0b5cad", "#203050"
    with pytest.raises(ValidationError) as refused:
        brand.full_clean()
    assert list(refused.value.message_dict) == ["accent_dark"]


def test_the_brand_colours_reach_every_page_at_once(client, demo):
    assert "/brand.css" not in client.get(ARTICLE).content.decode()  # the defaults: no request

    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.accent, brand.accent_dark = "#7a1f5c", "#f0a6d8"
    brand.full_clean()
    brand.save()

    page = client.get(ARTICLE).content.decode()  # cached before: a new generation
    address = re.search(r'<link rel="stylesheet" href="(/brand\.css\?v=\w+)">', page).group(1)
    css = client.get(address)
    assert css["Content-Type"].startswith("text/css")
    assert "immutable" in css["Cache-Control"]
    body = css.content.decode()
    assert ":root{--accent:#7a1f5c}" in body
    assert ':root[data-theme="dark"]{--accent:#f0a6d8}' in body


def test_a_logo_set_in_the_brand_replaces_the_mark(client, demo):
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    assert 'class="brand__mark"' in client.get("/").content.decode()
    brand.logo = demo["seed"].lead_image
    brand.save()
    header = client.get("/").content.decode()
    logo = re.search(
        r'<img class="brand__logo" src="([^"]+)" width="(\d+)" height="40" alt="Masthead">', header
    )
    assert logo and int(logo.group(2)) > 0
    assert 'class="brand__mark"' not in header


def test_the_section_bar_marks_the_section_a_page_is_in(client, demo):
    def marked(path):
        html = client.get(path).content.decode()
        nav = html[
            html.index('<nav class="site-nav"') : html.index(
                "</nav>", html.index('class="site-nav"')
            )
        ]
        return re.findall(r'<a href="([^"]+)" aria-current="(\w+)">', nav)

    assert marked("/") == []
    assert marked("/israel-and-the-region/") == [("/israel-and-the-region/", "page")]
    assert marked(ARTICLE) == [("/israel-and-the-region/", "true")]
    assert marked("/world/") == [("/world/", "page")]


def test_times_have_one_style_with_the_exact_moment_in_datetime_and_title(client, demo):
    html = client.get(ARTICLE).content.decode()
    published = re.search(
        r'<p class="dates">.*?<time class="moment" datetime="([^"]+)" title="([^"]+)">([^<]+)</time>',
        html,
    )
    assert published.group(2) == published.group(3) == "29 January 2019, 18:32"
    assert published.group(1) == "2019-01-29T18:32:00+02:00"
    styles = {
        re.sub(r"\d+", "0", text)
        for text in re.findall(r'<time class="moment"[^>]*>([^<]+)</time>', html)
    }
    assert styles <= {"0 January 0, 0:0".replace("January", m) for m in MONTHS}
    assert "a.m." not in html and "p.m." not in html


MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


def test_the_editor_in_chief_sets_the_brand_in_settings(client, editor, demo):
    client.force_login(editor)
    site = Site.objects.get(is_default_site=True)
    form = client.get(f"/admin/settings/core/brandsettings/{site.pk}/")
    assert form.status_code == 200
    assert "Footer pages" in form.content.decode()
    assert "Social accounts" in form.content.decode()
    settings_menu = client.get("/admin/").content.decode()
    assert "/admin/settings/core/brandsettings/" in settings_menu
