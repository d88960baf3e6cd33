"""Gift links: a member gives a gated story; whoever opens the link reads it whole, from a
private response no cache keeps, until it expires, is opened too often or is revoked."""

import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from masthead.access import policy
from masthead.access.models import AccessLevel
from masthead.accounts.models import Member
from masthead.sharing import services
from masthead.sharing.models import GiftLink
from tests import factories
from tests.nu import nu_errors

pytestmark = pytest.mark.django_db

CANARY = "Canary-9b21: this sentence is for members and gift readers only."
LEAD = ["Lead one is public.", "Lead two is public.", "Lead three is public."]
GIFT_LINE = "A member has given you this story."


@pytest.fixture
def gated(demo):
    return factories.make_article(
        title="A gated story given away",
        paragraphs=[*LEAD, CANARY, "Closing words."],
        section_slug="israel-and-the-region",
    )


@pytest.fixture
def member(db):
    return Member.objects.create_user("giver@example.com")


@pytest.fixture
def giver(member):
    client = Client()
    client.force_login(member)
    return client


def give(giver, article):
    response = giver.post(reverse("sharing:give", args=[article.pk]))
    assert response.status_code == 302, response.content.decode()
    return GiftLink.objects.latest("pk")


def html(response):
    return response.content.decode()


def test_a_member_gives_a_story_and_anyone_reads_it_whole_privately(giver, gated):
    gift = give(giver, gated)
    shown = giver.get(reverse("sharing:given", args=[gift.pk]))
    link = services.url_for(gift)
    assert link in html(shown)

    response = Client().get(services.path_for(gift))
    page = html(response)
    assert response.status_code == 200
    assert CANARY in page and "Closing words." in page and GIFT_LINE in page
    assert "and continue reading" not in page  # no wall
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "public" not in cache_control and "s-maxage" not in cache_control
    assert "Cache-Tag" not in response and "X-Page-Cache" not in response
    assert "noindex" in response["X-Robots-Tag"]
    assert f'<link rel="canonical" href="{gated.full_url}">' in page
    gift.refresh_from_db()
    assert gift.opens == 1


def test_the_anonymous_page_stays_cached_and_never_gets_the_gifted_text(giver, gated):
    before = Client().get(gated.url)
    assert before["X-Page-Cache"] == "MISS"
    gift = give(giver, gated)
    assert CANARY in html(Client().get(services.path_for(gift)))
    after = Client().get(gated.url)
    assert after["X-Page-Cache"] == "HIT" and after.content == before.content
    assert CANARY not in html(after)
    # Nor with the gift's token as a query string, which no page reads.
    token = services.path_for(gift).split("/")[-2]
    tried = Client().get(f"{gated.url}?gift={token}&token={token}")
    assert CANARY not in html(tried) and tried.content == before.content


def test_the_gift_page_is_never_kept_by_the_page_cache(giver, gated):
    gift = give(giver, gated)
    first = Client()
    assert CANARY in html(first.get(services.path_for(gift)))
    giver.post(reverse("sharing:revoke", args=[gift.pk]))
    again = first.get(services.path_for(gift))
    assert CANARY not in html(again)
    assert services.REVOKED in html(again)


def test_a_gift_opens_in_as_many_browsers_as_allowed_and_again_in_each(giver, gated, settings):
    settings.GIFT_LINK_OPENS = 2
    gift = give(giver, gated)
    path = services.path_for(gift)
    first, second, third = Client(), Client(), Client()
    assert CANARY in html(first.get(path))
    assert CANARY in html(first.get(path))  # the same browser: not counted again
    assert CANARY in html(second.get(path))
    refused = third.get(path)
    assert refused.status_code == 200
    assert CANARY not in html(refused) and services.EXHAUSTED in html(refused)
    assert all(text in html(refused) for text in LEAD)
    assert "private" in refused["Cache-Control"] and "no-store" in refused["Cache-Control"]
    assert CANARY in html(first.get(path))  # who opened it keeps it
    gift.refresh_from_db()
    assert gift.opens == 2


def test_a_gift_expires_after_its_days(giver, gated, clock):
    gift = give(giver, gated)
    path = services.path_for(gift)
    reader = Client()
    assert CANARY in html(reader.get(path))
    clock.advance(days=7, seconds=-1)
    assert CANARY in html(reader.get(path))
    clock.advance(2)
    expired = reader.get(path)
    assert CANARY not in html(expired)
    assert "This gift link expired on" in html(expired)
    assert all(text in html(expired) for text in LEAD)


def test_a_forged_link_gets_the_lead_in_and_why(giver, gated):
    gift = give(giver, gated)
    token = services.path_for(gift).split("/")[-2]
    value, signature = token.rsplit(".", 1)
    other_nonce = re.sub(r"-[0-9a-f]{16}$", "-0123456789abcdef", value)
    for forged in (f"{value}.{signature[:-2]}xx", f"{other_nonce}.{signature}"):
        response = Client().get(reverse("sharing:read", args=[forged]))
        assert response.status_code == 200
        assert CANARY not in html(response) and services.INVALID in html(response)
        assert all(text in html(response) for text in LEAD)
    nothing = Client().get(reverse("sharing:read", args=["not-a-gift"]))
    assert nothing.status_code == 404 and services.INVALID in html(nothing)
    gift.refresh_from_db()
    assert gift.opens == 0


def test_the_giver_revokes_from_the_account_page(giver, gated, demo):
    gift = give(giver, gated)
    account = html(giver.get(reverse("accounts:account")))
    assert "Gift links" in account and gated.title in account
    assert f'action="{reverse("sharing:revoke", args=[gift.pk])}"' in account

    thief = Client()
    thief.force_login(Member.objects.create_user("other@example.com"))
    refused = thief.post(reverse("sharing:revoke", args=[gift.pk]), follow=True)
    assert "not one of yours" in html(refused)
    gift.refresh_from_db()
    assert gift.revoked_at is None

    done = giver.post(reverse("sharing:revoke", args=[gift.pk]), follow=True)
    assert "The gift link is revoked" in html(done) and "Revoked" in html(done)
    assert services.REVOKED in html(Client().get(services.path_for(gift)))


def test_giving_is_for_members_gated_stories_and_a_monthly_number(
    client, giver, gated, demo, settings
):
    settings.GIFT_LINKS_PER_MONTH = 1
    asked = client.get(reverse("sharing:give", args=[gated.pk]))
    assert asked.status_code == 302 and reverse("accounts:signin") in asked["Location"]
    assert client.post(reverse("sharing:give", args=[gated.pk])).status_code == 302
    assert not GiftLink.objects.exists()

    form = giver.get(reverse("sharing:give", args=[gated.pk]))
    assert "You can give 1 more story this month." in html(form)
    give(giver, gated)
    again = giver.post(reverse("sharing:give", args=[gated.pk]))
    assert again.status_code == 400 and "the most allowed" in html(again)
    assert GiftLink.objects.count() == 1

    free = factories.make_article(title="A free story")
    free.access_level = AccessLevel.FREE
    free.save_revision().publish()
    refused = giver.post(reverse("sharing:give", args=[free.pk]))
    assert "free to read" in html(refused)
    missing = giver.get(reverse("sharing:give", args=[987654]))
    assert missing.status_code == 404


def test_members_and_link_previews_go_to_the_story_without_counting(giver, gated, member):
    gift = give(giver, gated)
    path = services.path_for(gift)
    assert giver.get(path)["Location"] == gated.url
    preview = Client(headers={"user-agent": "WhatsApp/2.23.20.0 A"}).get(path)
    assert preview.status_code == 302 and preview["Location"] == gated.url
    gift.refresh_from_db()
    assert gift.opens == 0


def test_share_links_are_plain_links_the_same_for_every_reader(giver, gated):
    anonymous = html(Client().get(gated.url))
    tools = re.search(r'<div class="story-tools">.*?</header>', anonymous, re.S)[0]
    for service in (
        "mailto:?subject=",
        "https://wa.me/",
        "https://t.me/share/url",
        "https://x.com/intent/post",
        "https://www.facebook.com/sharer/",
    ):
        assert service in tools
    assert "Give this story" in tools and "Copy link" in tools
    assert tools in html(giver.get(gated.url))  # the same HTML for a member
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', anonymous)
    assert "/static/sharing/sharing" in " ".join(scripts)
    assert all(src.startswith("/") for src in scripts)  # no third-party script


def test_the_data_export_holds_the_gift_links(giver, gated):
    gift = give(giver, gated)
    giver.post(reverse("sharing:revoke", args=[gift.pk]))
    exported = json.loads(giver.get(reverse("accounts:export")).content)
    [entry] = exported["gift_links"]
    assert entry["story"] == gated.title and entry["link"] == services.url_for(gift)
    assert entry["max_opens"] == 10 and entry["opens"] == 0 and entry["revoked_at"]


def test_the_gift_pages_pass_the_nu_html_checker(giver, gated, tmp_path, settings):
    settings.GIFT_LINK_OPENS = 1
    gift = give(giver, gated)
    pages = {
        "gift": Client().get(services.path_for(gift)),
        "gift-refused": Client().get(services.path_for(gift)),
        "forged": Client().get(services.path_for(gift)[:-3] + "ab/"),
        "give": giver.get(reverse("sharing:give", args=[gated.pk])),
        "given": giver.get(reverse("sharing:given", args=[gift.pk])),
        "account": giver.get(reverse("accounts:account")),
        "story": Client().get(gated.url),
    }
    assert GIFT_LINE in html(pages["gift"]) and services.EXHAUSTED in html(pages["gift-refused"])
    assert services.INVALID in html(pages["forged"])
    errors = nu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)


def test_a_gift_entitles_an_anonymous_reader_and_nothing_else_changes(gated, demo):
    """The wall's decision is a function of its arguments: a gift entitles the anonymous
    reader it is given to; the same reader without it, or reading another story, is not."""
    reader, settings = AnonymousUser(), policy.wall_settings()
    gift = policy.decide(reader, gated, settings=settings, gift=True)
    assert gift.entitled and gift.reason == "gift" and not gift.personal
    assert not policy.decide(reader, gated, settings=settings).entitled
    assert not policy.decide(reader, demo["seed"], settings=settings).entitled


def test_a_gift_read_first_leaves_nothing_for_the_first_anonymous_render(giver, gated):
    gift = give(giver, gated)
    assert CANARY in html(Client().get(services.path_for(gift)))  # fragments warmed
    first = Client().get(gated.url)
    assert first["X-Page-Cache"] == "MISS"
    assert CANARY not in html(first) and GIFT_LINE not in html(first)
    assert "public" in first["Cache-Control"]


def test_a_head_request_on_a_gift_link_is_answered_and_not_counted(giver, gated):
    gift = give(giver, gated)
    response = Client().head(services.path_for(gift))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    gift.refresh_from_db()
    assert gift.opens == 0
