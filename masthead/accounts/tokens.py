"""Sign-in tokens: issue, look up without spending, and redeem once under a row lock."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from masthead.core import clock
from masthead.ops.logs import security_event

from . import conf
from .models import SignInToken

CODE_DIGITS = 6


def hash_token(raw):
    """The stored form of a link token: 256 random bits need no salt or stretching."""
    return hashlib.sha256(raw.encode()).hexdigest()


def hash_code(token_id, code):
    # Six digits are easy to enumerate offline: key the hash with SECRET_KEY and the row.
    return salted_hmac(
        "masthead.accounts.code", f"{token_id}:{code}", algorithm="sha256"
    ).hexdigest()


def hash_browser(raw):
    return hashlib.sha256(raw.encode()).hexdigest() if raw else ""


def normalize_code(code):
    return "".join(ch for ch in (code or "") if ch.isdigit())


@dataclass(frozen=True)
class Issued:
    token: SignInToken
    raw_token: str
    code: str


@dataclass(frozen=True)
class Outcome:
    """What a lookup or redemption found: ``status`` is one of ok, expired, used, unknown
    or locked (too many wrong codes); ``token`` is the row when there is one."""

    status: str
    token: SignInToken | None = None

    @property
    def ok(self):
        return self.status == "ok"


class TokenService:
    """Issue and redeem sign-in tokens."""

    def issue(self, *, email, purpose, member=None, next_url="", browser=""):
        """Create a token for ``email``; the oldest live ones beyond the limit are retired."""
        now = clock.now()
        raw = secrets.token_urlsafe(32)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        with transaction.atomic():
            live = list(
                SignInToken.objects.select_for_update()
                .filter(email=email, used_at=None, revoked_at=None, expires_at__gt=now)
                .order_by("-created_at", "-id")
                .values_list("id", flat=True)
            )
            keep = conf.get("ACCOUNTS_MAX_LIVE_TOKENS") - 1
            if len(live) > keep:
                SignInToken.objects.filter(id__in=live[keep:]).update(revoked_at=now)
            token = SignInToken.objects.create(
                purpose=purpose,
                email=email,
                member=member,
                token_hash=hash_token(raw),
                code_hash="",
                browser_hash=hash_browser(browser),
                next_url=next_url,
                created_at=now,
                expires_at=now + timedelta(minutes=conf.get("ACCOUNTS_TOKEN_MINUTES")),
            )
            token.code_hash = hash_code(token.pk, code)
            token.save(update_fields=["code_hash"])
        return Issued(token=token, raw_token=raw, code=code)

    def _status(self, token):
        if token is None:
            return "unknown"
        if token.used_at is not None or token.revoked_at is not None:
            return "used"
        if token.expires_at <= clock.now():
            return "expired"
        return "ok"

    def peek(self, raw):
        """Look a link token up without spending it (what a GET may do)."""
        token = SignInToken.objects.filter(token_hash=hash_token(raw or "")).first()
        return Outcome(self._status(token), token)

    def redeem(self, raw):
        """Spend a link token: exactly one of any number of concurrent calls gets ``ok``."""
        with transaction.atomic():
            token = (
                SignInToken.objects.select_for_update()
                .filter(token_hash=hash_token(raw or ""))
                .first()
            )
            status = self._status(token)
            if status == "ok":
                token.used_at = clock.now()
                token.save(update_fields=["used_at"])
        _log_redemption("link", status, token)
        return Outcome(status, token)

    def redeem_code(self, token_id, code):
        """Spend the token ``token_id`` if ``code`` is its code; lock it after too many misses."""
        with transaction.atomic():
            token = SignInToken.objects.select_for_update().filter(pk=token_id).first()
            status = self._status(token)
            if status != "ok":
                _log_redemption("code", status, token)
                return Outcome(status, token)
            if token.code_attempts >= conf.get("ACCOUNTS_MAX_CODE_ATTEMPTS"):
                _log_redemption("code", "locked", token)
                return Outcome("locked", token)
            expected = token.code_hash
            given = hash_code(token.pk, normalize_code(code))
            if not hmac.compare_digest(expected, given):
                SignInToken.objects.filter(pk=token.pk).update(code_attempts=F("code_attempts") + 1)
                token.refresh_from_db(fields=["code_attempts"])
                locked = token.code_attempts >= conf.get("ACCOUNTS_MAX_CODE_ATTEMPTS")
                _log_redemption("code", "locked" if locked else "wrong", token)
                return Outcome("locked" if locked else "wrong", token)
            token.used_at = clock.now()
            token.save(update_fields=["used_at"])
        _log_redemption("code", "ok", token)
        return Outcome("ok", token)

    def bound_to(self, token, browser):
        """Return True when ``browser`` (the binding cookie) is the one that asked for ``token``."""
        return bool(browser and token.browser_hash) and hmac.compare_digest(
            token.browser_hash, hash_browser(browser)
        )


def _log_redemption(kind, status, token):
    """A link or code used ("ok") or refused, with why; never the token itself."""
    fields = {"email": token.email, "purpose": token.purpose} if token is not None else {}
    if status == "ok":
        security_event(f"signin.{kind}_redeemed", **fields)
    else:
        security_event(f"signin.{kind}_refused", failed=True, reason=status, **fields)


tokens = TokenService()
