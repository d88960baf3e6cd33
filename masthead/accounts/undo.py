"""The undo link of an email change: sent to the old address, it puts that address back.

Whoever took over an account and changed its address must not keep it: the old address gets
a link that works once, for ``ACCOUNTS_EMAIL_UNDO_DAYS``. The link is signed (a forged or
truncated one is refused before the database is asked) and carries a random secret of which
only the hash is kept. Using it restores the old address, ends the account's sessions
everywhere but here, and retires every other undo link and pending address change of the
account, so the address it was changed to cannot take the account back.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.db.models import F

from masthead.core import clock
from masthead.ops.logs import security_event

from . import conf
from .models import EmailChangeUndo, Member, SignInToken

SALT = "masthead.accounts.email-undo"


def _hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Outcome:
    """``status``: ok, used, expired, unknown, or taken (the old address belongs to another
    account now); ``undo`` is the row when there is one."""

    status: str
    undo: EmailChangeUndo | None = None

    @property
    def ok(self):
        return self.status == "ok"


def issue(member, *, old_email, new_email):
    """Create the undo of ``member``'s change from ``old_email``; return the link's token."""
    now = clock.now()
    secret = secrets.token_urlsafe(32)
    undo = EmailChangeUndo.objects.create(
        member=member,
        old_email=old_email,
        new_email=new_email,
        secret_hash=_hash(secret),
        created_at=now,
        expires_at=now + timedelta(days=conf.get("ACCOUNTS_EMAIL_UNDO_DAYS")),
    )
    return signing.dumps({"u": undo.pk, "s": secret}, salt=SALT)


def _find(raw, *, lock=False):
    try:
        value = signing.loads(raw or "", salt=SALT)
        undo_id, secret = int(value["u"]), str(value["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    rows = EmailChangeUndo.objects.select_related("member")
    if lock:
        rows = rows.select_for_update()
    undo = rows.filter(pk=undo_id).first()
    if undo is None or not hmac.compare_digest(undo.secret_hash, _hash(secret)):
        return None
    return undo


def _status(undo):
    if undo is None:
        return "unknown"
    if undo.used_at is not None:
        return "used"
    if undo.expires_at <= clock.now():
        return "expired"
    if Member.objects.filter(email=undo.old_email).exclude(pk=undo.member_id).exists():
        return "taken"
    return "ok"


def peek(raw):
    """Look the link up without using it (what a GET, or a mail scanner, may do)."""
    undo = _find(raw)
    return Outcome(_status(undo), undo)


def redeem(raw):
    """Use the link: exactly one of any number of concurrent calls gets ``ok``."""
    with transaction.atomic():
        undo = _find(raw, lock=True)
        status = _status(undo)
        if status == "ok":
            now = clock.now()
            member = undo.member
            member.email = undo.old_email
            member.save(update_fields=["email"])
            Member.objects.filter(pk=member.pk).update(
                session_generation=F("session_generation") + 1
            )
            member.refresh_from_db(fields=["session_generation"])
            EmailChangeUndo.objects.filter(member=member, used_at=None).update(used_at=now)
            SignInToken.objects.filter(
                member=member,
                purpose=SignInToken.Purpose.CHANGE_EMAIL,
                used_at=None,
                revoked_at=None,
            ).update(revoked_at=now)
    if status == "ok":
        security_event("account.email_change_undone", member=undo.member_id)
    else:
        security_event("account.email_undo_refused", failed=True, reason=status)
    return Outcome(status, undo)
