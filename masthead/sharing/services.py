"""Gift links: a member gives one gated story to anyone, with a signed link that expires,
opens a limited number of times and can be revoked. The wall learns only that a request reads
a gift (`access.reading.decision_for(..., gift=True)`); counting, expiring and revoking live
here."""

import dataclasses
import re
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone

from masthead.access import policy
from masthead.access.models import AccessLevel
from masthead.core import clock
from masthead.news.models import ArticlePage

from . import conf
from .models import GiftLink

SIGNER = signing.Signer(salt="masthead.sharing.gift", sep=".")
# The token's signed value: "<article id>-<gift id>-<nonce>". The article id is read even from
# a link whose signature fails, to show that story's lead-in with the reason it is not whole.
TOKEN_VALUE = re.compile(r"(?P<article>[0-9]{1,18})-(?P<gift>[0-9]{1,18})-(?P<nonce>[0-9a-f]{16})")

INVALID = "This gift link is not valid: it may have been copied only in part, or changed."
REVOKED = "The member who gave you this story has withdrawn the gift link."
EXPIRED = "This gift link expired on {date}."
EXHAUSTED = "This gift link has already been opened as many times as it allows."


class GiftRefused(Exception):
    """A gift link the member may not create, with the reason in words for them."""


def token_for(gift):
    return SIGNER.sign(f"{gift.article_id}-{gift.pk}-{gift.nonce}")


def path_for(gift):
    return reverse("sharing:read", args=[token_for(gift)])


def url_for(gift):
    """The gift link in full, on the story's site."""
    return gift.article.get_site().root_url + path_for(gift)


def _readable(article):
    """A published story anyone may reach (no view restriction), or None."""
    if article is None or not article.live:
        return None
    if article.get_view_restrictions():
        return None
    return article


def _month_start(now):
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def given_this_month(member):
    return GiftLink.objects.filter(member=member, created_at__gte=_month_start(clock.now())).count()


def left_this_month(member):
    """How many more gift links the member may create this month (None: no limit)."""
    limit = conf.links_per_month()
    if not limit:
        return None
    return max(0, limit - given_this_month(member))


def may_be_given(article):
    """Only a story with a part some readers cannot see is worth a gift."""
    return policy.effective_level(article, policy.wall_settings()) != AccessLevel.FREE


@transaction.atomic
def give(member, article):
    """A new gift link to `article` from `member`; GiftRefused says why not."""
    if policy.reader_kind(member) == "anonymous":
        raise GiftRefused("Sign in to give a story.")
    if _readable(article) is None:
        raise GiftRefused("This story is not published.")
    if not may_be_given(article):
        raise GiftRefused("This story is free to read: share its address instead.")
    # One member's gifts are counted one at a time: two presses cannot pass the limit together.
    get_user_model().objects.select_for_update().filter(pk=member.pk).first()
    left = left_this_month(member)
    if left == 0:
        first = _month_start(clock.now()) + timedelta(days=32)
        raise GiftRefused(
            f"You have given {conf.links_per_month()} stories this month, the most allowed. "
            f"You can give more from {formats.date_format(first.replace(day=1), 'j F')}."
        )
    now = clock.now()
    return GiftLink.objects.create(
        member=member,
        article=article,
        nonce=secrets.token_hex(8),
        created_at=now,
        expires_at=now + timedelta(days=conf.link_days()),
        max_opens=conf.link_opens(),
    )


@dataclasses.dataclass(frozen=True)
class Opening:
    """What a gift link leads to: the story (None when it leads nowhere), the gift (None for a
    forged link) and why it does not give the whole story ("" when it does)."""

    article: ArticlePage | None
    gift: GiftLink | None
    problem: str


def _article(pk):
    page = ArticlePage.objects.live().filter(pk=pk).first()
    return _readable(page)


def look_up(token):
    """The gift behind `token`, without counting an open."""
    try:
        value = SIGNER.unsign(token)
    except signing.BadSignature:
        unsigned = TOKEN_VALUE.match(token.rsplit(".", 1)[0])
        article = _article(int(unsigned["article"])) if unsigned else None
        return Opening(article, None, INVALID)
    parts = TOKEN_VALUE.fullmatch(value)
    if parts is None:
        return Opening(None, None, INVALID)
    gift = (
        GiftLink.objects.select_related("article")
        .filter(pk=parts["gift"], article_id=parts["article"], nonce=parts["nonce"])
        .first()
    )
    if gift is None:  # deleted with its giver's account: a link that no longer exists
        return Opening(_article(int(parts["article"])), None, INVALID)
    article = _readable(gift.article)
    return Opening(article, gift, problem_of(gift, opened_before=True))


def problem_of(gift, *, opened_before):
    """Why `gift` does not give its story now ("" when it does); a browser that opened it
    before may open it again even once it has been opened as often as it allows."""
    now = clock.now()
    if gift.revoked_at is not None:
        return REVOKED
    if gift.expires_at <= now:
        local = timezone.localtime(gift.expires_at)
        return EXPIRED.format(date=formats.date_format(local, "j F Y, g:i a"))
    if not opened_before and gift.opens >= gift.max_opens:
        return EXHAUSTED
    return ""


def count_open(gift):
    """Count a browser's first open of `gift`: "" when it may read, else why not. One
    conditional update, so two browsers opening the last allowed open cannot both pass."""
    counted = GiftLink.objects.filter(
        pk=gift.pk, revoked_at=None, expires_at__gt=clock.now(), opens__lt=F("max_opens")
    ).update(opens=F("opens") + 1)
    gift.refresh_from_db()
    if counted:
        return ""
    return problem_of(gift, opened_before=False) or EXHAUSTED


def revoke(member, pk):
    """Withdraw the member's gift link `pk`; False when it is not theirs (or not there)."""
    gift = GiftLink.objects.filter(member=member, pk=pk).first()
    if gift is None:
        return False
    if gift.revoked_at is None:
        gift.revoked_at = clock.now()
        gift.save(update_fields=["revoked_at"])
    return True


def status(gift):
    """The gift link's state, in words for its giver."""
    if gift.revoked_at is not None:
        return "Revoked"
    if gift.expires_at <= clock.now():
        return "Expired"
    if gift.opens >= gift.max_opens:
        return "Opened as often as it allows"
    return "Active"


def links_of(member):
    return list(GiftLink.objects.filter(member=member).select_related("article"))


def export_for(member):
    """The member's gift links, for their data export."""
    return [
        {
            "story": gift.article.title,
            "story_url": gift.article.full_url,
            "link": url_for(gift),
            "created_at": gift.created_at.isoformat(),
            "expires_at": gift.expires_at.isoformat(),
            "max_opens": gift.max_opens,
            "opens": gift.opens,
            "revoked_at": gift.revoked_at.isoformat() if gift.revoked_at else None,
        }
        for gift in links_of(member)
    ]
