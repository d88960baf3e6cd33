"""A search's answer is no oracle for gated text: for a reader who is not entitled, quoted
phrases (and excluded phrases) match the story's public text only, while plain words still
find it by its whole text; and searches are rate-limited per client."""

import pytest
from django.test import Client

from masthead.access.models import AccessLevel
from masthead.accounts.models import Member

pytestmark = pytest.mark.django_db

KILLED = "Fifteen Russian soldiers were killed in the strike on Tuesday."


@pytest.fixture
def gated(demo, make_article):
    # The fourth paragraph is past the default lead-in of three: behind the wall.
    return make_article(
        title="Strike near the border",
        paragraphs=["Talks went on late.", "The envoys met twice.", "No statement came.", KILLED],
    )


def found(titles, query, reader=None):
    return "Strike near the border" in titles(query, reader)


def test_a_gated_phrase_answers_the_same_as_a_false_one_for_anonymous_readers(gated, titles):
    """The oracle of the attack: a true and a false guess at the gated sentence get the same
    answer from an anonymous search (fails when phrases match the whole text)."""
    assert not found(titles, '"Fifteen Russian soldiers were killed"')
    assert not found(titles, '"Fifteen Russian soldiers were saved"')
    assert found(titles, 'envoys -"soldiers were killed"')
    assert found(titles, 'envoys -"soldiers were killed"') == found(
        titles, 'envoys -"soldiers were saved"'
    )


def test_a_member_matches_phrases_in_the_whole_story(gated, titles, member):
    assert found(titles, '"Fifteen Russian soldiers were killed"', member)
    assert not found(titles, '"Fifteen Russian soldiers were saved"', member)
    assert not found(titles, 'envoys -"soldiers were killed"', member)
    assert found(titles, 'envoys -"soldiers were saved"', member)


def test_plain_words_and_public_phrases_still_find_the_story(gated, titles):
    """Words find a story by its whole text; a phrase in the headline, standfirst or lead-in
    finds it for anyone."""
    assert found(titles, "Fifteen Russian soldiers killed")
    assert found(titles, '"envoys met twice"')
    assert found(titles, '"strike near the border" soldiers')
    assert not found(titles, '"envoys met twice" -"talks went on"')


def test_a_free_story_matches_phrases_in_its_whole_text(gated, titles):
    gated.access_level = AccessLevel.FREE
    gated.save_revision().publish()
    assert found(titles, '"Fifteen Russian soldiers were killed"')
    assert not found(titles, 'envoys -"soldiers were killed"')


def test_the_search_page_gives_the_same_count_for_both_guesses(gated, client):
    pages = [
        client.get("/search/", {"q": f'"Fifteen Russian soldiers were {verb}"'})
        for verb in ("killed", "saved")
    ]
    assert [page.context["outcome"].count for page in pages] == [0, 0]


def test_searches_are_rate_limited_per_client_with_a_clear_page(demo, settings):
    """Past the anonymous budget a client gets a 429 page saying how long to wait, never
    kept by a cache; a member's searches count against the member's own budget."""
    settings.SEARCH_RATE_ANONYMOUS = (5, 60)
    settings.SEARCH_RATE_MEMBER = (8, 60)
    anonymous = Client()
    for n in range(5):  # different queries: repeats come from the page cache, uncounted
        assert anonymous.get("/search/", {"q": f"word{n}"}).status_code == 200
    refused = anonymous.get("/search/", {"q": "word-six"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60" and "no-store" in refused["Cache-Control"]
    assert "Too many searches" in refused.content.decode()
    assert "wait 60 seconds" in refused.content.decode()
    member = Client()
    member.force_login(Member.objects.create_user("budget@example.com"))
    answers = [member.get("/search/", {"q": f"other{n}"}).status_code for n in range(9)]
    assert answers == [200] * 8 + [429]
