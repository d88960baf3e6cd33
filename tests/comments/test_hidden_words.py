"""Words hidden from the checks: invisible characters inside them, look-alike letters of
other scripts, full-width forms. The banned-word and link checks see through them; edits
meet the same rate limits and pipeline as new comments."""

import pytest
from django.utils import timezone

from masthead.comments import services
from masthead.comments.models import Comment, CommentSettings
from masthead.comments.services import pipeline

from .conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def banned(db):
    row = CommentSettings.load()
    row.banned_words = "scoundrel\nbad apple\n"
    row.save()


def check(check, author, article, text):
    sub = pipeline.Submission(
        author=author, article=article, text=text, now=timezone.now(), discussion_open=True
    )
    return check(sub).outcome


@pytest.mark.parametrize(
    "text",
    [
        "You s\u200bcoundrel.",  # zero-width space
        "You scoun\u00addrel.",  # soft hyphen
        "You scou\u200dndrel.",  # zero-width joiner
        "You scoundr\u2060el.",  # word joiner
        "You \ufeffscoundrel\u200c.",  # byte-order mark, zero-width non-joiner
        "You \u202escoundrel\u202c.",  # a bidirectional override around it
        "a bad\u200b apple",
    ],
    ids=["zwsp", "soft-hyphen", "zwj", "word-joiner", "bom-zwnj", "bidi", "phrase"],
)
def test_invisible_characters_do_not_hide_a_banned_word(reader, article, banned, text):
    """A banned word with invisible characters inside is caught by the check, and a comment
    posted with it is rejected."""
    assert check(pipeline.banned_words, reader, article, text) == "reject"
    comment = services.post_comment(reader, article, text)
    assert comment.status == Comment.Status.REJECTED


@pytest.mark.parametrize(
    "text",
    [
        "You \u0455\u0441oundrel.",  # Cyrillic ѕ and с
        "You sc\u043eundr\u0435l.",  # Cyrillic о and е
        "You SCOUNDR\u0415L.",  # Cyrillic capital Е
        "You sc\u03bfundrel.",  # Greek ο
        "a b\u0430d \u0430pple",  # Cyrillic а in a phrase
    ],
    ids=["cyrillic-s-c", "cyrillic-o-e", "cyrillic-capital", "greek-o", "phrase"],
)
def test_look_alike_letters_do_not_hide_a_banned_word(reader, article, banned, text):
    """Cyrillic and Greek letters drawn like Latin ones are read as those Latin letters."""
    assert check(pipeline.banned_words, reader, article, text) == "reject"
    assert services.post_comment(reader, article, text).status == Comment.Status.REJECTED


def test_folding_keeps_other_words_apart(reader, article, banned):
    """Folding does not make words banned that are not: Cyrillic text of its own and words
    that merely contain a banned one still pass."""
    for text in ("Спасибо за статью.", "Scoundrels everywhere", "c\u200blass act"):
        assert check(pipeline.banned_words, reader, article, text) == "pass", text


@pytest.mark.parametrize(
    "links",
    [
        "\u04bbttps://a.example \u04bbttps://b.example \u04bbttps://c.example",  # Cyrillic һ
        "\uff57\uff57\uff57\uff0ea.example \uff57\uff57\uff57\uff0eb.example "
        "\uff57\uff57\uff57\uff0ec.example",  # full-width www．
    ],
    ids=["cyrillic-h", "full-width"],
)
def test_disguised_links_count_as_links(reader, article, links):
    """Three addresses written with look-alike or full-width letters hold the comment like
    three plain ones."""
    assert check(pipeline.links, reader, article, f"See {links}") == "hold"
    assert services.post_comment(reader, article, f"See {links}").status == (Comment.Status.PENDING)


def test_edits_go_through_the_rate_limit(reader, article):
    """Five edits a minute, as five posts: the sixth edit within the minute is refused and
    the comment keeps the fifth text."""
    comment = services.post_comment(reader, article, "First words.")
    for n in range(5):
        services.edit_comment(reader, comment, f"Edited words, take {n}.")
    with pytest.raises(services.Refused) as refused:
        services.edit_comment(reader, comment, "One edit too many.")
    assert refused.value.verdict.check == "rate"
    assert "edited 5 comments in a minute" in refused.value.verdict.message
    comment.refresh_from_db()
    assert comment.text == "Edited words, take 4."


def test_a_new_account_edits_within_its_tighter_limit(article):
    """An account younger than a day may edit twice a minute, not more; its edits do not use
    up its posts (a newcomer who posts, replies and fixes a typo is not told to wait)."""
    newcomer = make_member("newcomer@example.com", days_old=0)
    comment = services.post_comment(newcomer, article, "Hello all.")
    services.post_comment(newcomer, article, "And hello again.", parent=comment)
    services.edit_comment(newcomer, comment, "Hello, all.")
    services.edit_comment(newcomer, comment, "Hello, all of you.")
    with pytest.raises(services.Refused):
        services.edit_comment(newcomer, comment, "Hello, everyone.")


def test_an_edit_by_a_new_commenter_waits_for_a_moderator_again(reader, article, editor, settings):
    """Under pre-moderation, a comment a moderator approved goes back to the queue when its
    author, still among their first comments, changes the words."""
    settings.COMMENTS_PREMODERATE_FIRST = 2
    comment = services.post_comment(reader, article, "Words a moderator reads.")
    services.approve(comment, editor)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    services.edit_comment(reader, comment, "Other words, unseen.")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert services.comment_count(article) == 0
