"""A member's reading list: what can be saved, what the list shows, the limits, the export
and what goes with the account."""

import pytest
from django.test import Client, override_settings
from wagtail.models import PageViewRestriction

from masthead.accounts import services as accounts
from masthead.readinglist import services
from masthead.readinglist.models import SavedStory
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_saved_story_is_on_the_list_once(member, story):
    assert services.save(member, story) is True
    assert services.save(member, story) is False
    assert services.saved_ids(member) == [story.pk]
    assert [article.pk for article, _ in services.reading_list(member)] == [story.pk]


def test_the_list_is_the_members_own(member, story):
    other = accounts.Member.objects.create_user("other@example.com")
    services.save(other, story)
    assert services.saved_ids(member) == []
    assert services.reading_list(member) == []


def test_the_newest_saved_comes_first_with_its_section(member, story, clock):
    later = factories.make_article(title="Saved second", section_slug="world")
    services.save(member, story)
    clock.advance(minutes=5)
    services.save(member, later)
    items = services.reading_list(member)
    assert [article.title for article, _ in items] == ["Saved second", "A story worth keeping"]
    assert items[0][1] == clock.now()
    assert items[0][0].section_page.slug == "world"


def test_removing_takes_it_off(member, story):
    services.save(member, story)
    assert services.remove(member, story.pk) is True
    assert services.remove(member, story.pk) is False
    assert services.saved_ids(member) == []


def test_only_published_public_stories_can_be_saved(story):
    draft = factories.make_article(publish=False)
    private = factories.make_article()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert services.story_to_save(story.pk) == story
    assert services.story_to_save(draft.pk) is None
    assert services.story_to_save(private.pk) is None
    assert services.story_to_save(story.get_parent().pk) is None  # a section is no story
    assert services.story_to_save(2**63) is None


def test_a_story_unpublished_or_made_private_since_is_not_listed_nor_its_headline_exported(
    member, story
):
    gone = factories.make_article(title="Unpublished since")
    hidden = factories.make_article(title="Private since")
    for article in (story, gone, hidden):
        services.save(member, article)
    gone.unpublish()
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)

    assert [article.pk for article, _ in services.reading_list(member)] == [story.pk]
    exported = {entry["page_id"]: entry for entry in services.export_for(member)}
    assert set(exported) == {story.pk, gone.pk, hidden.pk}
    assert exported[story.pk]["headline"] == "A story worth keeping"
    assert exported[story.pk]["url"].endswith(story.url)
    assert "headline" not in exported[gone.pk] and "headline" not in exported[hidden.pk]


@override_settings(READING_LIST_MAX_STORIES=1)
def test_a_full_list_refuses_another_story(member, story):
    services.save(member, story)
    with pytest.raises(services.Refused, match="Your reading list is full"):
        services.save(member, factories.make_article())
    assert services.saved_ids(member) == [story.pk]


@override_settings(READING_LIST_RATE_LIMIT=(3, 60))
def test_changes_are_rate_limited_per_member(member, story):
    services.save(member, story)
    services.remove(member, story.pk)
    services.save(member, story)
    with pytest.raises(services.Refused) as refusal:
        services.remove(member, story.pk)
    assert refusal.value.status == 429
    assert services.saved_ids(member) == [story.pk]
    other = accounts.Member.objects.create_user("other@example.com")
    assert services.save(other, story) is True


def test_the_data_export_holds_the_reading_list(member, story, clock):
    services.save(member, story)
    data = accounts.export_data(member)
    assert data["reading_list"] == [
        {
            "page_id": story.pk,
            "saved_at": clock.now().isoformat(),
            "headline": "A story worth keeping",
            "url": story.full_url,
        }
    ]


def test_deleting_the_account_deletes_its_reading_list(member, story):
    services.save(member, story)
    other = accounts.Member.objects.create_user("other@example.com")
    services.save(other, story)
    client = Client()
    client.force_login(member)
    assert client.post("/account/delete/", {"confirm": "on"}).status_code == 303
    assert list(SavedStory.objects.values_list("member__email", flat=True)) == ["other@example.com"]
