"""A reader's live page: the newest entry first, the pinned one on top, the key events to
jump to, older entries page by page; and its updates, which open pages poll, answered
`304` while nothing changed and changed exactly when what the reader sees changes."""

import json
import re

import pytest
from django.core.cache import cache
from django.test import Client

from masthead.accounts.models import Member
from masthead.live import services
from masthead.live.models import LiveBlogPage
from tests import factories
from tests.live.conftest import paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def post(page, text, **values):
    return services.post_entry(page, body=paragraph(text), **values)


def entry_ids(html):
    return [int(n) for n in re.findall(r'<li id="entry-(\d+)"', html)]


def test_entries_newest_first_with_the_pinned_one_on_top_and_key_events_listed(live_page):
    first = post(live_page, "The talks began.", headline="Talks begin", key_event=True)
    pinned = post(live_page, "Follow the talks here.", pinned=True)
    newest = post(live_page, "A short break.")
    html = Client().get(live_page.url).content.decode()
    assert entry_ids(html) == [newest.pk, pinned.pk, first.pk]
    assert html.index("live-entry--pinned") < html.index(f'id="entry-{newest.pk}"')
    key_events = html[html.index("Key events") : html.index("</nav>", html.index("Key events"))]
    assert f'href="{live_page.url}#entry-{first.pk}"' in key_events and "Talks begin" in key_events
    assert "A short break" not in key_events


def test_older_entries_come_page_by_page_and_a_broken_link_starts_from_the_newest(live_page):
    entries = [post(live_page, f"Update number {n}.") for n in range(1, 26)]
    html = Client().get(live_page.url).content.decode()
    shown = entry_ids(html)
    assert shown == [e.pk for e in reversed(entries)][:20]
    older = re.search(r'href="\?before=(\d+)#live" rel="next"', html)
    assert older and int(older[1]) == shown[-1]
    rest = Client().get(f"{live_page.url}?before={older[1]}").content.decode()
    assert entry_ids(rest) == [e.pk for e in reversed(entries[:5])]
    assert 'rel="next"' not in rest and "Newest updates" in rest
    for junk in ("abc", "-1", "99999999", "1e9"):
        response = Client().get(f"{live_page.url}?before={junk}")
        assert response.status_code == 200 and entry_ids(response.content.decode()) == shown


def updates(page, client=None, etag=None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return (client or Client()).get(f"{page.url}updates/", **headers)


def test_a_poll_that_changed_nothing_is_answered_not_modified_from_the_cache(live_page):
    post(live_page, "The talks began.")
    first = updates(live_page)
    assert first.status_code == 200 and "The talks began." in first.content.decode()
    again = updates(live_page, etag=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["X-Page-Cache"] == "HIT"
    # The page names the same version: an open page's first poll is a 304 too.
    page_html = Client().get(live_page.url).content.decode()
    assert f'data-live-version="{first["ETag"].strip(chr(34))}"' in page_html


def test_the_version_changes_exactly_when_what_the_reader_sees_changes(live_page):
    entry = post(live_page, "The talks began.")

    def etag():
        return updates(live_page)["ETag"]

    seen = [etag()]
    factories.make_article(title="Another story")  # another page published: nothing here
    assert etag() == seen[-1]
    second = []
    changes = [
        lambda: second.append(post(live_page, "A second entry.")),
        lambda: services.edit_entry(entry, body=paragraph("The talks began at nine.")),
        lambda: services.edit_entry(entry, body=paragraph("The talks began at nine."), pinned=True),
        # Not the entry changed last: only the number of entries tells.
        lambda: services.delete_entry(second[0]),
    ]
    for change in changes:
        change()
        seen.append(etag())
        assert seen[-1] != seen[-2]
    assert updates(live_page, etag=seen[0]).status_code == 200


def test_an_edited_entry_says_updated_and_a_deleted_one_is_gone(live_page):
    entry = post(live_page, "Talks began at ten.")
    gone = post(live_page, "Posted by mistake.")
    services.edit_entry(entry, body=paragraph("Talks began at nine."))
    services.delete_entry(gone)
    html = updates(live_page).content.decode()
    assert "Talks began at nine." in html and "Talks began at ten." not in html
    assert "Updated" in html
    assert "Posted by mistake." not in html


CANARY = "Canary-live-5e1 members only."


def test_a_gated_live_page_gives_anonymous_readers_none_of_its_entries(demo):
    page = factories.make_article(
        model=LiveBlogPage, title="Members' live", access_level="registered"
    )
    post(page, CANARY, headline="Canary headline 5e1", key_event=True)
    anonymous = [Client().get(page.url), updates(page)]
    member = Client()
    member.force_login(Member.objects.create_user("live-reader@example.com"))
    assert all(r.status_code == 200 for r in anonymous)
    for response in anonymous:
        text = response.content.decode()
        assert CANARY not in text and "Canary headline" not in text
    assert CANARY in member.get(page.url).content.decode()
    assert CANARY in updates(page, client=member).content.decode()


def test_an_ended_coverage_says_so_and_its_page_stops_polling(live_page, editor):
    post(live_page, "Last update.")
    assert 'src="/static/live/live.js' in Client().get(live_page.url).content.decode()
    services.end_coverage(live_page, by=editor)
    page = LiveBlogPage.objects.get(pk=live_page.pk)
    assert page.status == "ended" and page.coverage_end is not None
    html = Client().get(page.url).content.decode()
    assert "The live coverage ended" in html and "Last update." in html
    assert "live.js" not in html and "data-live-updates" not in html


def json_ld(response):
    text = response.content.decode()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return json.loads(found[1])


def test_its_structured_data_is_a_live_blog_posting_with_the_latest_entries(live_page):
    post(live_page, "The talks began at nine in the morning.", headline="Talks begin")
    post(live_page, "A short break for lunch.")
    data = json_ld(Client().get(live_page.url))
    assert data["@type"] == "LiveBlogPosting" and data["coverageStartTime"]
    assert "coverageEndTime" not in data
    updates = data["liveBlogUpdate"]
    assert [u["headline"] for u in updates] == ["A short break for lunch.", "Talks begin"]
    assert updates[1]["articleBody"] == "The talks began at nine in the morning."
    assert updates[1]["url"].endswith(f"{live_page.url}#entry-{live_page.entries.last().pk}")


def test_a_gated_live_pages_structured_data_holds_no_entry_for_anonymous_readers(demo):
    page = factories.make_article(model=LiveBlogPage, access_level="registered")
    post(page, CANARY, headline="Canary headline 5e1")
    data = json_ld(Client().get(page.url))
    assert data["@type"] == "LiveBlogPosting" and "liveBlogUpdate" not in data
    assert "Canary" not in json.dumps(data)


def card_of(page, html):
    """The section listing's card of `page`."""
    start = html.index(f'href="{page.url}"')
    return html[html.rindex('<article class="card', 0, start) : html.index("</article>", start)]


def test_while_live_its_cards_say_so_with_the_latest_headline(live_page):
    post(live_page, "Delegations arrived.", headline="Talks begin")
    post(live_page, "No headline on this one.")
    section = live_page.get_parent().url
    card = card_of(live_page, Client().get(section).content.decode())
    assert "label--live" in card and "Talks begin" in card
    assert "label--live" in Client().get(live_page.url).content.decode().split("story-kicker")[1]
    services.end_coverage(LiveBlogPage.objects.get(pk=live_page.pk))
    assert "label--live" not in card_of(live_page, Client().get(section).content.decode())


def test_a_gated_live_pages_card_names_no_entry(demo):
    page = factories.make_article(model=LiveBlogPage, access_level="registered")
    post(page, CANARY, headline="Canary headline 5e1")
    card = card_of(page, Client().get(page.get_parent().url).content.decode())
    assert "label--live" in card and "Canary" not in card


def test_only_the_newest_entries_are_kept_current_and_reopening_polls_again(live_page, editor):
    for n in range(1, 23):
        post(live_page, f"Update number {n}.")
    first = Client().get(live_page.url).content.decode()
    older = re.search(r'href="\?before=(\d+)#live"', first)[1]
    assert "data-live-updates" in first
    # An older page is a page of the record: it is not polled.
    assert (
        "data-live-updates" not in Client().get(f"{live_page.url}?before={older}").content.decode()
    )
    assert "data-live-complete" not in updates(live_page).content.decode()  # more than it holds

    services.end_coverage(live_page, by=editor)
    page = LiveBlogPage.objects.get(pk=live_page.pk)
    page.status = LiveBlogPage.Status.LIVE
    page.save_revision(user=editor).publish(user=editor)  # "Live" again, from the edit form
    assert "data-live-updates" in Client().get(page.url).content.decode()
