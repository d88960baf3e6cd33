"""The moderation pipeline: each check alone, then all of them together, in order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.comments import services
from masthead.comments.models import Comment, CommentSettings, Standing
from masthead.comments.services import pipeline

from .conftest import make_member

pytestmark = pytest.mark.django_db


def submission(author, article, text="A fair point, well made.", **kwargs):
    fields = {"now": timezone.now(), "discussion_open": True, **kwargs}
    return pipeline.Submission(author=author, article=article, text=text, **fields)


def outcome(check, sub):
    return check(sub).outcome


# --- each check alone ---------------------------------------------------------------


def test_standing_refuses_a_banned_member(reader, article):
    """A banned member is refused."""
    assert outcome(pipeline.author_in_good_standing, submission(reader, article)) == "pass"
    Standing.objects.create(member=reader, banned_at=timezone.now())
    verdict = pipeline.author_in_good_standing(submission(reader, article))
    assert (verdict.outcome, verdict.note) == ("refuse", "banned")


def test_standing_refuses_a_suspended_member_until_the_suspension_ends(reader, article):
    """A suspension refuses until its end, then lets the member back."""
    now = timezone.now()
    Standing.objects.create(member=reader, suspended_until=now + timedelta(hours=2))
    assert outcome(pipeline.author_in_good_standing, submission(reader, article, now=now)) == (
        "refuse"
    )
    later = now + timedelta(hours=3)
    assert outcome(pipeline.author_in_good_standing, submission(reader, article, now=later)) == (
        "pass"
    )


def test_standing_refuses_a_deactivated_account(reader, article):
    reader.is_active = False
    assert outcome(pipeline.author_in_good_standing, submission(reader, article)) == "refuse"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "refuse"),
        ("   \n  ", "refuse"),
        ("x", "pass"),
        ("x" * 2000, "pass"),
        ("x" * 2001, "refuse"),
    ],
)
def test_length_refuses_empty_and_too_long_comments(reader, article, text, expected):
    """Empty (or blank) and over-long comments are refused; the limit itself is fine."""
    assert outcome(pipeline.length, submission(reader, article, text)) == expected


def test_length_follows_the_setting(reader, article, settings):
    settings.COMMENTS_MAX_LENGTH = 10
    verdict = pipeline.length(submission(reader, article, "eleven char"))
    assert verdict.outcome == "refuse"
    assert "10 characters" in verdict.message


def test_a_closed_discussion_refuses(reader, article):
    assert outcome(pipeline.discussion_open, submission(reader, article)) == "pass"
    closed = submission(reader, article, discussion_open=False)
    assert outcome(pipeline.discussion_open, closed) == "refuse"


def test_rate_limit_allows_five_a_minute_then_refuses(reader, article):
    """An established member posts five comments a minute; the sixth is refused."""
    results = [outcome(pipeline.rate_limit, submission(reader, article)) for _ in range(6)]
    assert results == ["pass"] * 5 + ["refuse"]


def test_rate_limit_is_tighter_for_accounts_younger_than_a_day(article):
    newcomer = make_member("new@example.com", days_old=0)
    results = [outcome(pipeline.rate_limit, submission(newcomer, article)) for _ in range(3)]
    assert results == ["pass", "pass", "refuse"]


def test_rate_limit_counts_the_day_too(reader, article, settings):
    """Fifty a day: the daily window refuses even when the minute window has room."""
    settings.COMMENTS_RATE_LIMITS = ((1000, 60), (3, 86400))
    results = [outcome(pipeline.rate_limit, submission(reader, article)) for _ in range(4)]
    assert results == ["pass", "pass", "pass", "refuse"]


def test_rate_limits_are_per_member(reader, other, article):
    for _ in range(5):
        pipeline.rate_limit(submission(reader, article))
    assert outcome(pipeline.rate_limit, submission(reader, article)) == "refuse"
    assert outcome(pipeline.rate_limit, submission(other, article)) == "pass"


def test_repeated_text_is_refused_ignoring_case_and_punctuation(reader, article):
    Comment.objects.create(article=article, author=reader, text="Great story, thanks!")
    again = submission(reader, article, "great story thanks")
    assert outcome(pipeline.repeated_text, again) == "refuse"
    different = submission(reader, article, "Great story, thanks! One more thought.")
    assert outcome(pipeline.repeated_text, different) == "pass"


def test_repeated_text_from_someone_else_is_fine(reader, other, article):
    Comment.objects.create(article=article, author=other, text="Agreed.")
    assert outcome(pipeline.repeated_text, submission(reader, article, "Agreed.")) == "pass"


def test_too_many_links_hold_the_comment(reader, article):
    two = "See https://a.example and www.b.example"
    three = two + " and http://c.example/x"
    assert outcome(pipeline.links, submission(reader, article, two)) == "pass"
    assert outcome(pipeline.links, submission(reader, article, three)) == "hold"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You are a SCOUNDREL.", "reject"),
        ("Quel scoundrél!", "reject"),  # accents do not hide a word
        ("Scoundrels everywhere", "pass"),  # whole words only
        ("the scoundrelly type", "pass"),
        ("Don't be a bad  apple", "reject"),  # a banned phrase, whatever the spacing
        ("A badapple", "pass"),
        ("Perfectly civil.", "pass"),
    ],
)
def test_banned_words_match_whole_words_ignoring_case_and_accents(reader, article, text, expected):
    settings_row = CommentSettings.load()
    settings_row.banned_words = "scoundrel\nBad Apple\n"
    settings_row.save()
    assert outcome(pipeline.banned_words, submission(reader, article, text)) == expected


def test_banned_words_from_the_environment_setting(reader, article, settings):
    settings.COMMENTS_BANNED_WORDS = ["Knave"]
    assert outcome(pipeline.banned_words, submission(reader, article, "you knave")) == "reject"


def test_a_new_commenters_first_comments_are_held(reader, article, settings):
    """With the first two comments pre-moderated, a member with fewer approved waits."""
    settings.COMMENTS_PREMODERATE_FIRST = 2
    assert outcome(pipeline.first_comments, submission(reader, article)) == "hold"
    Comment.objects.create(article=article, author=reader, text="1", status="approved")
    assert outcome(pipeline.first_comments, submission(reader, article)) == "hold"
    Comment.objects.create(article=article, author=reader, text="2", status="approved")
    assert outcome(pipeline.first_comments, submission(reader, article)) == "pass"


def test_no_premoderation_by_default(reader, article):
    assert outcome(pipeline.first_comments, submission(reader, article)) == "pass"


# --- together -------------------------------------------------------------------------


def test_the_checks_run_in_the_documented_order():
    names = [check.__name__ for check in pipeline.CHECKS]
    assert names == [
        "author_in_good_standing",
        "length",
        "discussion_open",
        "rate_limit",
        "repeated_text",
        "links",
        "banned_words",
        "first_comments",
    ]


def test_a_clean_comment_is_published_with_every_verdict_recorded(reader, article):
    comment = services.post_comment(reader, article, "A thoughtful comment.")
    assert comment.status == Comment.Status.APPROVED
    verdicts = list(comment.verdicts.values_list("check_name", "outcome"))
    assert verdicts == [
        ("standing", "pass"),
        ("length", "pass"),
        ("open", "pass"),
        ("rate", "pass"),
        ("repeat", "pass"),
        ("links", "pass"),
        ("banned_words", "pass"),
        ("first_comments", "pass"),
    ]


def test_a_refusal_stops_the_pipeline_and_stores_nothing(reader, article):
    """A refused comment is not stored; later checks do not run (the rate is not counted)."""
    with pytest.raises(services.Refused) as refused:
        services.post_comment(reader, article, "   ")
    assert refused.value.verdict.check == "length"
    assert [v.check for v in refused.value.verdicts] == ["standing", "length"]
    assert not Comment.objects.filter(author=reader).exists()
    for n in range(5):
        services.post_comment(reader, article, f"Comment number {n}")


def test_hold_and_reject_together_reject(reader, article, settings):
    """A comment that one check holds and another rejects is rejected, both verdicts kept."""
    settings.COMMENTS_BANNED_WORDS = ["scoundrel"]
    text = "scoundrel https://a.example https://b.example https://c.example"
    comment = services.post_comment(reader, article, text)
    assert comment.status == Comment.Status.REJECTED
    outcomes = dict(comment.verdicts.values_list("check_name", "outcome"))
    assert outcomes["links"] == "hold"
    assert outcomes["banned_words"] == "reject"
    assert "links" in comment.status_reason and "banned_words" in comment.status_reason


def test_held_comments_wait(reader, article, settings):
    settings.COMMENTS_PREMODERATE_FIRST = 1
    comment = services.post_comment(reader, article, "My very first comment.")
    assert comment.status == Comment.Status.PENDING
    assert services.comment_count(article) == 0


def test_the_sixth_comment_in_a_minute_is_refused_end_to_end(reader, article):
    for n in range(5):
        services.post_comment(reader, article, f"Point number {n}.")
    with pytest.raises(services.Refused) as refused:
        services.post_comment(reader, article, "One more point.")
    assert refused.value.verdict.check == "rate"
    assert "wait" in refused.value.message


def test_an_edit_runs_the_content_checks_again(reader, article, settings):
    """Editing clean text into a banned word rejects the comment; it leaves the page."""
    settings.COMMENTS_BANNED_WORDS = ["scoundrel"]
    comment = services.post_comment(reader, article, "Clean.")
    services.edit_comment(reader, comment, "You scoundrel.")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    assert services.comment_count(article) == 0


def test_an_edit_never_publishes_a_held_comment(reader, article, settings):
    settings.COMMENTS_PREMODERATE_FIRST = 1
    comment = services.post_comment(reader, article, "Held at first.")
    services.edit_comment(reader, comment, "Held, and edited.")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
