"""Readers: the comments fragment and page, and what members do with comments."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from masthead.comments import services
from masthead.comments.models import Comment, Discussion, Like, Report, Standing

from .conftest import make_member

pytestmark = pytest.mark.django_db


def fragment(client, article, query=""):
    return client.get(f"/comments/{article.pk}/fragment/{query}")


def post(client, article, text, **extra):
    return client.post(f"/comments/{article.pk}/post/", {"text": text, **extra})


def published(author, article, text, **kwargs):
    return services.post_comment(author, article, text, **kwargs)


# --- reading --------------------------------------------------------------------------


def test_the_article_page_has_a_placeholder_and_a_link_not_the_comments(client, article, reader):
    """The article page holds only a placeholder (and a link that works without script)."""
    published(reader, article, "A comment that lives in the fragment.")
    html = client.get(article.url).content.decode()
    assert f'data-comments-src="/comments/{article.pk}/fragment/"' in html
    assert f'href="/comments/{article.pk}/"' in html
    assert "A comment that lives in the fragment." not in html


def test_anonymous_readers_get_a_public_short_lived_fragment(client, article, reader):
    published(reader, article, "Visible to everyone.")
    response = fragment(client, article)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Visible to everyone." in html
    assert 'Comments <span class="comments__count" data-comments-count>(1)</span>' in html
    assert "Register to join the conversation" in html
    assert 'id="comments-email"' in html
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=30" in cache_control
    # Browsers ask again each time: a removed comment stays on no reader's screen.
    assert "max-age=0" in cache_control
    assert "Cookie" in response["Vary"]
    assert 'csrfmiddlewaretoken" value=""' in html  # the script fills it; no token cached
    assert not response.cookies


def test_members_get_a_private_fragment_with_the_form(signed_in, article):
    response = fragment(signed_in, article)
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    assert "Join the conversation" in html
    assert 'maxlength="2000"' in html and "Up to 2000 characters" in html
    assert "Register to join the conversation" not in html


def test_the_comments_page_works_without_script(client, article, reader):
    published(reader, article, "Readable without script.")
    response = client.get(f"/comments/{article.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Readable without script." in html and article.title in html
    assert "noindex" in html


def test_anonymous_fragment_follows_new_comments_at_once(
    client, article, reader, django_capture_on_commit_callbacks
):
    """The fragment is cached for anonymous readers, but a new comment shows once committed."""
    with django_capture_on_commit_callbacks(execute=True):
        published(reader, article, "First.")
    assert "First." in fragment(client, article).content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        published(reader, article, "Second.")
    # Until the comment is committed, readers keep the cached fragment.
    assert "Second." not in fragment(client, article).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        published(reader, article, "Third.")
    html = fragment(client, article).content.decode()
    assert "Second." in html and "Third." in html


def test_pending_and_rejected_comments_never_appear(client, signed_in, article, reader, settings):
    settings.COMMENTS_PREMODERATE_FIRST = 1
    settings.COMMENTS_BANNED_WORDS = ["scoundrel"]
    published(reader, article, "Pending-c0ffee comment.")
    other = make_member("x@example.com")
    rejected = published(other, article, "Rejected scoundrel text.")
    assert rejected.status == "rejected"
    for who in (client, signed_in):
        for url in (f"/comments/{article.pk}/fragment/", f"/comments/{article.pk}/", article.url):
            html = who.get(url).content.decode()
            assert "Pending-c0ffee" not in html and "scoundrel" not in html
            assert "(1)" not in html
    assert services.comment_count(article) == 0


def test_unknown_or_unpublished_articles_are_not_found(client, make_article, demo):
    draft = make_article(publish=False)
    assert client.get(f"/comments/{draft.pk}/fragment/").status_code == 404
    assert client.get("/comments/999999/").status_code == 404
    assert client.get(f"/comments/{demo['home'].pk}/").status_code == 404


def test_threads_nest_three_deep_and_deeper_replies_join_the_thread(reader, other, article):
    top = published(reader, article, "Top.")
    two = published(other, article, "Two.", parent=top)
    three = published(reader, article, "Three.", parent=two)
    four = published(other, article, "Four.", parent=three)
    assert (top.depth, two.depth, three.depth, four.depth) == (1, 2, 3, 3)
    assert four.parent == two and four.root == top
    html = fragment(Client(), article).content.decode()
    assert html.index("Top.") < html.index("Two.") < html.index("Three.")


def test_sorting_newest_oldest_and_most_liked(article, reader, other, clock):
    now = clock.now()
    # Posted out of order, so the order shown is the comments' times, not their ids.
    clock.set(now - timedelta(minutes=10))
    old = published(reader, article, "The old one.")
    clock.set(now)
    new = published(reader, article, "The new one.")
    clock.set(now - timedelta(minutes=5))
    liked = published(reader, article, "The liked one.")
    clock.set(now)
    services.toggle_like(other, liked)
    assert old and new

    def order(sort):
        html = fragment(Client(), article, f"?sort={sort}").content.decode()
        found = re.findall(r"The (old|new|liked) one", html)
        return list(dict.fromkeys(found))

    assert order("newest") == ["new", "liked", "old"]
    assert order("oldest") == ["old", "liked", "new"]
    assert order("liked") == ["liked", "new", "old"]
    assert order("nonsense") == order("newest")


def test_top_level_comments_come_in_pages(article, reader, settings):
    settings.COMMENTS_PER_PAGE = 2
    settings.COMMENTS_RATE_LIMITS = ((100, 60), (100, 86400))
    for n in range(5):
        published(reader, article, f"Comment-{n}-x")
    first = fragment(Client(), article, "?sort=oldest").content.decode()
    third = fragment(Client(), article, "?sort=oldest&page=3").content.decode()
    assert "Comment-0-x" in first and "Comment-2-x" not in first
    assert "Page 1 of 3" in first and "More comments" in first
    assert "Comment-4-x" in third and "Comment-0-x" not in third
    assert fragment(Client(), article, "?page=abc").status_code == 200


def test_a_deleted_comment_keeps_its_replies_but_not_its_text(client, article, reader, other):
    top = published(reader, article, "Soon-deleted words.")
    published(other, article, "A reply that stays.", parent=top)
    services.delete_comment(reader, top)
    html = fragment(client, article).content.decode()
    assert "Soon-deleted words." not in html
    assert "This comment was deleted." in html and "A reply that stays." in html
    assert "(1)" in html


def test_closed_discussions_stay_readable_without_a_form(signed_in, article, reader, editor):
    published(reader, article, "Said before closing.")
    services.set_discussion_state(article, editor, Discussion.State.CLOSED)
    html = fragment(signed_in, article).content.decode()
    assert "Said before closing." in html
    assert "Comments on this article are closed." in html
    assert "Join the conversation" not in html
    assert post(signed_in, article, "Too late.").status_code == 400


def test_discussions_close_automatically_after_the_set_days(article, settings):
    now = timezone.now()
    settings.COMMENTS_CLOSE_AFTER_DAYS = 7
    assert services.discussion_is_open(article, now)
    assert not services.discussion_is_open(
        article, article.published_at + timedelta(days=7, seconds=1)
    )
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    assert services.discussion_is_open(article, now + timedelta(days=365))


def test_an_editor_can_keep_an_old_discussion_open(article, editor):
    later = article.published_at + timedelta(days=30)
    assert not services.discussion_is_open(article, later)
    services.set_discussion_state(article, editor, Discussion.State.OPEN)
    assert services.discussion_is_open(article, later)


# --- posting ------------------------------------------------------------------------


def test_a_member_posts_and_is_sent_back_to_the_comment(signed_in, article):
    response = post(signed_in, article, "Hello there.", next=article.url)
    comment = Comment.objects.get(text="Hello there.")
    assert response.status_code == 303
    assert response["Location"] == f"{article.url}#comment-{comment.pk}"
    assert "Hello there." in fragment(signed_in, article).content.decode()


def test_next_never_leaves_the_site(signed_in, article):
    response = post(signed_in, article, "Safe redirect.", next="https://evil.example/")
    assert response["Location"].startswith(article.url)


def test_the_display_name_is_asked_once_on_the_first_comment(article):
    member = make_member("noname@example.com")
    client = Client()
    client.force_login(member)
    assert 'name="display_name"' in fragment(client, article).content.decode()
    post(client, article, "First words.", display_name="Dana")
    member.refresh_from_db()
    assert member.display_name == "Dana"
    html = fragment(client, article).content.decode()
    assert 'name="display_name"' not in html
    assert "Dana" in html


def test_a_refused_comment_keeps_its_text(signed_in, article, settings):
    settings.COMMENTS_MAX_LENGTH = 20
    response = post(signed_in, article, "This comment is far too long to pass.")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Comments can be 20 characters at most" in html
    assert "This comment is far too long to pass." in html


def test_the_rate_limit_answers_429(signed_in, article):
    for n in range(5):
        assert post(signed_in, article, f"Quick thought {n}.").status_code == 303
    assert post(signed_in, article, "One too many.").status_code == 429


def test_a_held_comment_says_it_waits(signed_in, article, settings):
    settings.COMMENTS_PREMODERATE_FIRST = 1
    response = post(signed_in, article, "Please approve me.")
    assert response.status_code == 303
    html = fragment(signed_in, article).content.decode()
    assert "will appear once a moderator approves it" in html
    assert "Please approve me." not in html


def test_a_reply(signed_in, article, other):
    parent = published(other, article, "Parent comment.")
    post(signed_in, article, "A reply.", parent=parent.pk)
    reply = Comment.objects.get(text="A reply.")
    assert reply.parent == parent and reply.depth == 2


def test_replies_to_hidden_or_foreign_comments_are_refused(signed_in, article, other, make_article):
    hidden = published(other, article, "Hidden parent.")
    hidden.status = Comment.Status.REJECTED
    hidden.save()
    assert post(signed_in, article, "Reply to hidden.", parent=hidden.pk).status_code == 400
    elsewhere = make_article()
    foreign = published(other, elsewhere, "On another story.")
    assert post(signed_in, article, "Cross reply.", parent=foreign.pk).status_code == 400
    assert not Comment.objects.filter(text__startswith="Reply to hidden").exists()


def test_anonymous_posts_go_to_sign_in(client, article):
    response = post(client, article, "Anonymous words.")
    assert response.status_code == 303
    assert response["Location"].startswith("/account/signin/")
    assert not Comment.objects.exists()


# --- edit, delete, like, report ----------------------------------------------------------


def test_edit_within_five_minutes_shows_edited(signed_in, article, reader):
    comment = published(reader, article, "Typo here.")
    assert (
        f'action="/comments/comment/{comment.pk}/edit/"'
        in fragment(signed_in, article).content.decode()
    )
    response = signed_in.post(f"/comments/comment/{comment.pk}/edit/", {"text": "Fixed here."})
    assert response.status_code == 303
    html = fragment(signed_in, article).content.decode()
    assert "Fixed here." in html and "Typo here." not in html
    assert 'class="comment__edited"' in html


def test_no_edit_after_five_minutes(signed_in, article, reader, clock):
    comment = published(reader, article, "Old words.")
    clock.advance(minutes=6)
    assert "/edit/" not in fragment(signed_in, article).content.decode()
    response = signed_in.post(f"/comments/comment/{comment.pk}/edit/", {"text": "New words."})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Old words."


def test_nobody_edits_or_deletes_another_members_comment(signed_in, article, other):
    comment = published(other, article, "Not yours.")
    assert (
        signed_in.post(f"/comments/comment/{comment.pk}/edit/", {"text": "Mine now."}).status_code
        == 403
    )
    assert signed_in.post(f"/comments/comment/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Not yours." and comment.deleted_at is None


def test_delete_own(signed_in, article, reader):
    comment = published(reader, article, "Regrettable.")
    assert signed_in.post(f"/comments/comment/{comment.pk}/delete/").status_code == 303
    comment.refresh_from_db()
    assert comment.deleted_at is not None and comment.text == ""
    assert services.comment_count(article) == 0


def test_like_toggles_and_counts(signed_in, article, other, reader):
    comment = published(other, article, "Likeable.")
    signed_in.post(f"/comments/comment/{comment.pk}/like/")
    comment.refresh_from_db()
    assert comment.like_count == 1
    assert 'aria-pressed="true"' in fragment(signed_in, article).content.decode()
    signed_in.post(f"/comments/comment/{comment.pk}/like/")
    comment.refresh_from_db()
    assert comment.like_count == 0
    assert not Like.objects.exists()


def test_members_cannot_like_their_own_comment(signed_in, article, reader):
    comment = published(reader, article, "Self-love.")
    assert signed_in.post(f"/comments/comment/{comment.pk}/like/").status_code == 403


def test_report_with_a_reason(signed_in, article, other, reader):
    comment = published(other, article, "Reportable.")
    response = signed_in.post(
        f"/comments/comment/{comment.pk}/report/", {"reason": "abuse", "detail": "Rude."}
    )
    assert response.status_code == 303
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.detail) == (reader, "abuse", "Rude.")
    assert (
        signed_in.post(f"/comments/comment/{comment.pk}/report/", {"reason": "nope"}).status_code
        == 400
    )


# --- CSRF and bans --------------------------------------------------------------------------


def test_every_post_endpoint_requires_a_csrf_token(article, reader, other):
    """Without the token every POST is refused with 403, and nothing changes."""
    theirs = published(other, article, "Someone else's.")
    mine = published(reader, article, "My own.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    endpoints = [
        (f"/comments/{article.pk}/post/", {"text": "Forged."}),
        (f"/comments/comment/{mine.pk}/edit/", {"text": "Forged edit."}),
        (f"/comments/comment/{mine.pk}/delete/", {}),
        (f"/comments/comment/{theirs.pk}/like/", {}),
        (f"/comments/comment/{theirs.pk}/report/", {"reason": "spam"}),
        ("/comments/preferences/", {"notify_replies": "on"}),
    ]
    for url, data in endpoints:
        assert client.post(url, data).status_code == 403, url
    mine.refresh_from_db()
    assert mine.text == "My own." and mine.deleted_at is None
    assert not Like.objects.exists() and not Report.objects.exists()
    assert Comment.objects.count() == 2


def test_the_token_from_the_fragment_works(article, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    html = fragment(client, article).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        f"/comments/{article.pk}/post/", {"text": "With a token.", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 303


@pytest.mark.parametrize("kind", ["banned", "suspended"])
def test_a_banned_or_suspended_member_cannot_post_through_any_endpoint(
    signed_in, article, reader, other, kind
):
    mine = published(reader, article, "Posted before the ban.")
    theirs = published(other, article, "Someone else's.")
    now = timezone.now()
    Standing.objects.create(
        member=reader,
        banned_at=now if kind == "banned" else None,
        suspended_until=now + timedelta(days=3) if kind == "suspended" else None,
    )
    attempts = [
        (f"/comments/{article.pk}/post/", {"text": "After the ban."}),
        (f"/comments/{article.pk}/post/", {"text": "A banned reply.", "parent": theirs.pk}),
        (f"/comments/comment/{mine.pk}/edit/", {"text": "Edited after the ban."}),
        (f"/comments/comment/{theirs.pk}/like/", {}),
        (f"/comments/comment/{theirs.pk}/report/", {"reason": "spam"}),
    ]
    for url, data in attempts:
        response = signed_in.post(url, data)
        assert response.status_code in (400, 403), url
    assert Comment.objects.filter(author=reader).count() == 1
    mine.refresh_from_db()
    assert mine.text == "Posted before the ban."
    assert not Like.objects.exists() and not Report.objects.exists()
    html = fragment(signed_in, article).content.decode()
    assert "Posted before the ban." in html


def test_the_fragment_never_carries_gated_article_text(client, article, reader):
    published(reader, article, "Just a comment.")
    for url in (f"/comments/{article.pk}/", f"/comments/{article.pk}/fragment/"):
        assert "Gated-7c1e" not in client.get(url).content.decode()
