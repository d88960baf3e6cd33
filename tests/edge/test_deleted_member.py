"""A member deletes their account: a second reader, through nginx, no longer gets their words,
at once, though nginx had them in its cache a moment before."""

import urllib.request

import pytest

from tests.live_site import member_session, site_shell

pytestmark = pytest.mark.edge

SLUG = "netanyahu-holds-talks-with-russian-officials-on-syria-friction"
ARTICLE = f"/israel-and-the-region/{SLUG}/"
WORDS = "Words of a member about to leave, 5e3a."


def keep_discussion_open(site):
    """The seed story is years old, so its discussion closed by age: an editor keeps it open.
    Returns the story's id."""
    return int(
        site_shell(
            site,
            f"""
from masthead.comments.models import Discussion
from masthead.comments.services import reading
from masthead.news.models import ArticlePage
article = ArticlePage.objects.get(slug={SLUG!r})
Discussion.objects.update_or_create(article=article, defaults={{"state": "open"}})
reading.bump(article.pk)
print(article.pk)
""",
        )
    )


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers, response.read().decode()


def test_account_deletion_removes_the_comment_from_the_page_a_second_reader_sees_through_nginx(
    browser,
    site,
    edge,
):
    article_id = keep_discussion_open(site)
    fragment = f"{edge['url']}/comments/{article_id}/fragment/"

    # The member comments, through nginx, as they would on the site.
    author = browser.new_context(viewport={"width": 1280, "height": 900})
    author.add_cookies(
        [
            {
                "name": "sessionid",
                "value": member_session(site, "leaving-member@example.com"),
                "url": edge["url"],
            }
        ]
    )
    page = author.new_page()
    page.goto(edge["url"] + ARTICLE)
    comments = page.locator("[data-comments-loaded]")
    comments.wait_for()
    page.get_by_label("Your name, shown with your comments").first.fill("Leaving Member")
    page.get_by_label("Join the conversation").fill(WORDS)
    page.get_by_role("button", name="Post comment").click()
    mine = page.locator("li.comment", has_text=WORDS)
    mine.wait_for()

    # Reply opens its form from a styled control, by keyboard too: no disclosure triangle.
    reply = mine.locator("summary", has_text="Reply")
    assert reply.evaluate("el => getComputedStyle(el).display") != "list-item"
    reply.focus()
    page.keyboard.press("Enter")
    assert mine.get_by_label("Your reply").is_visible()

    # A second reader, not signed in, reads the story through nginx: the comment is there,
    # and nginx answers the comments from its cache.
    reader = browser.new_context(viewport={"width": 1280, "height": 900})
    second = reader.new_page()
    second.goto(edge["url"] + ARTICLE)
    second.locator("[data-comments-loaded]").get_by_text(WORDS).wait_for()
    fetch(fragment)
    headers, body = fetch(fragment)
    assert headers["X-Edge-Cache"] == "HIT" and WORDS in body

    # The member deletes their account from the account page.
    page.goto(edge["url"] + "/account/")
    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Yes, delete my account").check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(edge["url"] + "/")
    author.close()

    # At once, with no wait for any cache to expire: the second reader's next look has none
    # of their words, nor does the comments page or nginx's own copy.
    second.reload()
    slot = second.locator("[data-comments-loaded]")
    slot.wait_for()
    assert slot.get_by_text(WORDS).count() == 0
    assert WORDS not in fetch(fragment)[1]
    assert WORDS not in fetch(f"{edge['url']}/comments/{article_id}/")[1]
    reader.close()
