"""The moderation pipeline: small checks run in order on every new or edited comment.

Each check answers with a `Verdict`: pass, hold (wait for a moderator), reject (stored, never
shown) or refuse (not stored at all; the author is told why and keeps the text). A refusal
stops the pipeline; otherwise every check runs and each answer is recorded on the comment.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import dateformat
from django.utils.timezone import localtime

from masthead.core import ratelimit
from masthead.core.text import for_matching

from .. import conf, rendering
from ..models import Comment, CommentSettings, Standing

PASS, HOLD, REJECT, REFUSE = "pass", "hold", "reject", "refuse"


@dataclass(frozen=True)
class Verdict:
    check: str
    outcome: str
    note: str = ""
    # What the author is told when the check refuses the comment.
    message: str = ""


@dataclass
class Submission:
    """What the checks look at: who writes what, where, and when."""

    author: object
    article: object
    text: str
    now: object
    discussion_open: bool
    editing: Comment | None = None
    parent: Comment | None = None
    extra: dict = field(default_factory=dict)


class Refused(Exception):
    """The comment was not accepted; `message` says why, for the author."""

    def __init__(self, verdict, verdicts=()):
        super().__init__(verdict.message)
        self.verdict = verdict
        self.message = verdict.message
        self.verdicts = list(verdicts)


def author_in_good_standing(sub):
    standing = Standing.objects.filter(member=sub.author).first()
    blocked = standing.blocks(sub.now) if standing else ""
    if not sub.author.is_active or blocked == "banned":
        return Verdict("standing", REFUSE, "banned", "You can no longer comment on this site.")
    if blocked == "suspended":
        until = standing.suspended_until
        return Verdict(
            "standing",
            REFUSE,
            f"suspended until {until:%Y-%m-%d %H:%M}",
            f"You cannot comment until {dateformat.format(localtime(until), 'j F Y, H:i')}.",
        )
    return Verdict("standing", PASS)


def length(sub):
    limit = conf.get("COMMENTS_MAX_LENGTH")
    size = len(sub.text)
    if not sub.text.strip():
        return Verdict("length", REFUSE, "empty", "Write something first.")
    if size > limit:
        return Verdict(
            "length",
            REFUSE,
            f"{size} characters",
            f"Comments can be {limit} characters at most; yours has {size}.",
        )
    return Verdict("length", PASS, f"{size} characters")


def discussion_open(sub):
    if not sub.discussion_open:
        return Verdict("open", REFUSE, "closed", "Comments on this article are closed.")
    return Verdict("open", PASS)


def _limits(author, now):
    young = author.date_joined > now - timedelta(hours=conf.get("COMMENTS_NEW_ACCOUNT_HOURS"))
    name = "COMMENTS_NEW_ACCOUNT_RATE_LIMITS" if young else "COMMENTS_RATE_LIMITS"
    return conf.get(name)


def rate_limit(sub):
    # Edits go through the same limits as posts (an edit publishes new text too), counted on
    # their own: a new member who posts, replies and then fixes a typo is not told to wait.
    scope, done, doing = (
        ("comments:edit", "edited", "editing") if sub.editing else ("comments", "posted", "posting")
    )
    for count, window in _limits(sub.author, sub.now):
        # A fixed window per (member, window length).
        if not ratelimit.within(scope, f"{sub.author.pk}:{window}", (count, window)):
            if not ratelimit.available():
                return Verdict(
                    "rate",
                    REFUSE,
                    "cannot count: the cache is unavailable",
                    "Comments are paused for a moment; please try again in a minute.",
                )
            span = "a minute" if window <= 60 else "a day" if window >= 86400 else "a while"
            return Verdict(
                "rate",
                REFUSE,
                f"over {count} per {window}s",
                f"You have {done} {count} comments in {span}; please wait before {doing} again.",
            )
    return Verdict("rate", PASS)


def _fingerprint(text):
    folded = re.sub(r"\W+", " ", _fold(text)).strip()
    return hashlib.sha256(folded.encode()).hexdigest()


def repeated_text(sub):
    since = sub.now - timedelta(hours=conf.get("COMMENTS_REPEAT_HOURS"))
    mine = Comment.objects.filter(author=sub.author, created_at__gte=since, deleted_at=None)
    if sub.editing is not None:
        mine = mine.exclude(pk=sub.editing.pk)
    fingerprint = _fingerprint(sub.text)
    for text in mine.values_list("text", flat=True)[:200]:
        if _fingerprint(text) == fingerprint:
            return Verdict("repeat", REFUSE, "repeat", "You have already posted that comment.")
    return Verdict("repeat", PASS)


def links(sub):
    found, allowed = rendering.count_links(sub.text), conf.get("COMMENTS_MAX_LINKS")
    if found > allowed:
        return Verdict("links", HOLD, f"{found} links (more than {allowed})")
    return Verdict("links", PASS, f"{found} links")


def _fold(text):
    """The form words are compared in: lower-case, without accents, invisible characters or
    look-alike letters, so "Café", "CAFE", "c\u200bafe" and "cаfe" (a Cyrillic а) fold alike."""
    return for_matching(text)


def banned_word_list():
    words = list(conf.get("COMMENTS_BANNED_WORDS"))
    words += CommentSettings.load().banned_words.splitlines()
    return [w for w in (_fold(word).strip() for word in words) if w]


def banned_words(sub):
    folded = _fold(sub.text)
    for word in banned_word_list():
        # Whole words only: "ass" must not catch "class"; spaces in a phrase match any spacing.
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, word.split())) + r"(?!\w)"
        if re.search(pattern, folded):
            return Verdict("banned_words", REJECT, f"contains “{word}”")
    return Verdict("banned_words", PASS)


def first_comments(sub):
    # An edit is held like a post: a moderator may have approved other words.
    first = conf.get("COMMENTS_PREMODERATE_FIRST")
    if first <= 0:
        return Verdict("first_comments", PASS)
    approved = Comment.objects.filter(author=sub.author, status=Comment.Status.APPROVED).count()
    if approved < first:
        return Verdict("first_comments", HOLD, f"{approved} approved so far (first {first} held)")
    return Verdict("first_comments", PASS)


CHECKS = [
    # Prevent banned or suspended members (and deactivated accounts) from posting.
    author_in_good_standing,
    # Prevent empty comments and comments over the length limit.
    length,
    # Prevent comments on discussions that are closed, by an editor or by age.
    discussion_open,
    # Prevent floods: too many comments a minute or a day, fewer for brand-new accounts.
    rate_limit,
    # Prevent the same text being posted again by the same member.
    repeated_text,
    # Prevent link spam from going live unseen: many links wait for a moderator.
    links,
    # Prevent words on the banned list from being published.
    banned_words,
    # Prevent a new commenter's first comments from going live before a moderator sees them.
    first_comments,
]


def run(sub, checks=None):
    """Run the checks in order; return the verdicts, or raise Refused at the first refusal."""
    verdicts = []
    for check in checks or CHECKS:
        verdict = check(sub)
        verdicts.append(verdict)
        if verdict.outcome == REFUSE:
            raise Refused(verdict, verdicts)
    return verdicts


def status_for(verdicts):
    """A comment any check rejected is rejected; one any check held waits; else it is published."""
    outcomes = {v.outcome for v in verdicts}
    if REJECT in outcomes:
        return Comment.Status.REJECTED
    if HOLD in outcomes:
        return Comment.Status.PENDING
    return Comment.Status.APPROVED


def reason_for(verdicts):
    return "; ".join(f"{v.check}: {v.note}" for v in verdicts if v.outcome in (HOLD, REJECT))
