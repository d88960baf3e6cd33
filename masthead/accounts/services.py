"""What readers do with their accounts, as functions that read as sentences.

Views call these and stay thin; the token store, the mailer and the rate limiter are
the collaborators (``tokens``, ``mail``, ``ratelimit``).
"""

import logging
import secrets
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth import login, logout, update_session_auth_hash
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail import hooks

from masthead.core import clock
from masthead.core.text import clean_name
from masthead.ops.logs import security_event

from . import conf, mail, ratelimit, undo
from .middleware import NO_ADMIN_SESSION_KEY
from .models import EmailChangeUndo, Member, SignInRecord, SignInToken, normalize_email
from .tokens import tokens

logger = logging.getLogger(__name__)

PENDING_SESSION_KEY = "accounts:pending"
REGISTRATION_SESSION_KEY = "accounts:registration"
BROWSER_COOKIE = "masthead_signin"
BACKEND = "masthead.accounts.backends.MemberBackend"


def mask_email(email):
    """Return ``a•••@example.com`` for ``alice@example.com``."""
    local, _, domain = (email or "").partition("@")
    return f"{local[:1]}•••@{domain}"


def safe_next(request, candidate, default="/"):
    """Return ``candidate`` as a local path (query and ``#fragment`` kept) when it points
    at this site, else ``default``: the only redirects sign-in ever makes."""
    candidate = (candidate or "").strip()
    if not candidate or len(candidate) > 2000:
        return default
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    parts = urlsplit(candidate)
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return default
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


def new_browser_secret():
    """A random value for the binding cookie set on the browser that asks for a link."""
    return secrets.token_urlsafe(24)


def link_url(raw_token):
    return settings.SITE_URL + reverse("accounts:link", args=[raw_token])


def undo_url(raw_token):
    return settings.SITE_URL + reverse("accounts:undo_email", args=[raw_token])


# What `request_link` answers when the rate limits let no email go: the only case the reader
# is told nothing was sent. The limits count an address whether or not it has an account, so
# saying so reveals nothing about the address.
LIMITED = "limited"


def _send_link(*, purpose, email, member, next_url, browser):
    issued = tokens.issue(
        email=email, purpose=purpose, member=member, next_url=next_url, browser=browser
    )
    message = mail.build_link_email(
        purpose=purpose,
        to=email,
        link=link_url(issued.raw_token),
        code=issued.code,
        minutes=conf.get("ACCOUNTS_TOKEN_MINUTES"),
    )
    try:
        mail.send(message)
    except Exception:  # noqa: BLE001 - the reader sees the same page; they can resend
        logger.exception("Could not send the %s email (token %s).", purpose, issued.token.pk)
    return issued.token.pk


def _send_notice(*, purpose, email):
    try:
        mail.send(mail.build_notice_email(purpose=purpose, to=email))
    except Exception:  # noqa: BLE001 - the reader sees the same page either way
        logger.exception("Could not send the %s email.", purpose)


def within_limits(email, ip):
    """Count one request from ``ip`` for ``email``; False when either limit is reached.

    The IP is counted first so a flood from one address cannot use up a reader's quota.
    """
    if not ratelimit.hit("ip", ip, conf.get("ACCOUNTS_REQUESTS_PER_IP")):
        return False
    return ratelimit.hit("address", email, conf.get("ACCOUNTS_EMAILS_PER_ADDRESS"))


def request_link(*, email, ip, next_url="", browser=""):
    """Send ``email`` a sign-in link and code, or a "finish registering" one when the
    address has no account. Return the token's id; None when the email carries no link
    (a closed account), ``LIMITED`` when the rate limits let nothing go.

    The caller answers the same way whether or not the address has an account, so the
    answer reveals nothing.
    """
    email = normalize_email(email)
    if not within_limits(email, ip):
        security_event("signin.requested", failed=True, email=email, ip=ip, outcome="rate-limited")
        return LIMITED
    member = Member.objects.filter(email=email).first()
    outcome = "deactivated" if member and not member.is_active else "sent"
    security_event("signin.requested", email=email, ip=ip, outcome=outcome)
    if member is not None and not member.is_active:
        # The same work as for any other address (a token written, an email sent): answering
        # without it was measurably faster, which told a stranger the address had a
        # deactivated account. The token's secret is dropped here, so it opens nothing (and
        # a deactivated member is refused at redemption anyway); the email tells the owner
        # of the address that the account is closed.
        tokens.issue(email=email, purpose=SignInToken.Purpose.SIGN_IN, member=member)
        _send_notice(purpose="deactivated", email=email)
        return None
    purpose = SignInToken.Purpose.SIGN_IN if member else SignInToken.Purpose.REGISTER
    return _send_link(
        purpose=purpose, email=email, member=member, next_url=next_url, browser=browser
    )


def request_email_change(*, member, new_email, ip):
    """Send a confirmation link to ``new_email``; the address changes only when it is used.

    Nothing is sent when the address already belongs to someone, without saying so;
    ``LIMITED`` when the rate limits let nothing go.
    """
    new_email = normalize_email(new_email)
    if not within_limits(new_email, ip):
        return LIMITED
    if Member.objects.filter(email=new_email).exclude(pk=member.pk).exists():
        return None
    return _send_link(
        purpose=SignInToken.Purpose.CHANGE_EMAIL,
        email=new_email,
        member=member,
        next_url=reverse("accounts:account"),
        browser="",
    )


def remember_pending(request, token_id, email, next_url=""):
    """Note in the session which token the waiting tab may spend with a code."""
    request.session[PENDING_SESSION_KEY] = {
        "token": token_id,
        "email": normalize_email(email),
        "next": next_url,
    }


def sign_in(request, member, method=SignInRecord.Method.LINK):
    """Sign ``member`` in: a new session key, the pending sign-in forgotten."""
    request.session.pop(PENDING_SESSION_KEY, None)
    request.session.pop(REGISTRATION_SESSION_KEY, None)
    request.masthead_sign_in_method = method  # recorded by signal_handlers.record_sign_in
    login(request, member, backend=BACKEND)
    # An inbox is not a password: the admin will still ask for one.
    request.session[NO_ADMIN_SESSION_KEY] = True


def record_sign_in(member, method):
    """Keep one line of the member's sign-in history (shown in their data export)."""
    SignInRecord.objects.create(member=member, at=clock.now(), method=method)


def change_email(member, new_email):
    """Give ``member`` the address ``new_email`` and send the old one an undo link."""
    old_email = member.email
    member.email = new_email
    member.save(update_fields=["email"])
    security_event("account.email_changed", member=member.pk)
    raw = undo.issue(member, old_email=old_email, new_email=member.email)
    days = conf.get("ACCOUNTS_EMAIL_UNDO_DAYS")
    notice = mail.build_email_changed_notice(
        to=old_email, new_email=member.email, link=undo_url(raw), days=days
    )
    try:
        mail.send(notice)
    except Exception:  # noqa: BLE001 - the change stands; the security log has it
        logger.exception("Could not send the address-change notice (member %s).", member.pk)


def undo_email_change(request, raw):
    """Use an undo link: the old address is back and every other session ends. A member
    signed in here as that account stays signed in; anyone else is not signed in by it."""
    # Who is signed in here, read before the sessions end (the check is lazy).
    signed_in_as = request.user.pk if request.user.is_authenticated else None
    outcome = undo.redeem(raw)
    if outcome.ok and signed_in_as == outcome.undo.member_id:
        request.user = outcome.undo.member
        update_session_auth_hash(request, outcome.undo.member)
    return outcome


def complete(request, token, method=SignInRecord.Method.LINK):
    """Finish what a redeemed ``token`` was for; return (outcome, where to go next).

    outcome is "signed_in", "register" (the consent step comes next), "email_changed",
    or "refused" (the account is gone, inactive, or the address taken meanwhile).
    """
    next_url = token.next_url or "/"
    if token.purpose == SignInToken.Purpose.CHANGE_EMAIL:
        member = token.member
        if (
            member is None
            or Member.objects.filter(email=token.email).exclude(pk=member.pk).exists()
        ):
            return "refused", reverse("accounts:account")
        change_email(member, token.email)
        if request.user.is_authenticated and request.user.pk == member.pk:
            request.user.email = member.email
        return "email_changed", reverse("accounts:account")
    member = Member.objects.filter(email=token.email).first()
    if member is not None:
        if not member.is_active:
            return "refused", "/"
        sign_in(request, member, method)
        return "signed_in", next_url
    request.session.cycle_key()
    request.session.pop(PENDING_SESSION_KEY, None)
    request.session[REGISTRATION_SESSION_KEY] = {
        "email": token.email,
        "next": next_url,
        "method": method,
    }
    return "register", reverse("accounts:welcome")


def pending_registration(request):
    return request.session.get(REGISTRATION_SESSION_KEY)


def record_consent(member, *, daily_edition):
    """Record that ``member`` accepted the current terms, and their Daily Edition choice.

    One transaction with the subscriptions the newsletters app makes on this save: the
    choice is never recorded without them."""
    now = clock.now()
    member.terms_version = conf.get("TERMS_VERSION")
    member.terms_accepted_at = now
    member.daily_edition = daily_edition
    member.daily_edition_chosen_at = now
    with transaction.atomic():
        member.save(
            update_fields=[
                "terms_version",
                "terms_accepted_at",
                "daily_edition",
                "daily_edition_chosen_at",
            ]
        )


def register(request, *, daily_edition):
    """Create the member whose address the session has just proven, record their consent
    to the current terms and their Daily Edition choice, and sign them in."""
    pending = request.session[REGISTRATION_SESSION_KEY]
    now = clock.now()
    try:
        with transaction.atomic():
            member = Member.objects.create_user(
                pending["email"],
                terms_version=conf.get("TERMS_VERSION"),
                terms_accepted_at=now,
                daily_edition=daily_edition,
                daily_edition_chosen_at=now,
            )
    except IntegrityError:  # registered meanwhile, from another tab or device
        member = Member.objects.get(email=normalize_email(pending["email"]))
    sign_in(request, member, pending.get("method") or SignInRecord.Method.LINK)
    return member, pending.get("next") or "/"


def sign_out(request):
    logout(request)


def sign_out_everywhere(request):
    """End every session of the signed-in member, on every device, this one included."""
    member = request.user
    Member.objects.filter(pk=member.pk).update(session_generation=F("session_generation") + 1)
    security_event("account.signed_out_everywhere", member=member.pk)
    logout(request)


def update_profile(member, *, display_name):
    member.display_name = clean_name(display_name, 80)
    member.save(update_fields=["display_name"])


def _when(moment):
    return moment.isoformat() if moment else None


def export_data(member):
    """Everything Masthead holds about ``member``, as a JSON-ready dict: the account's own
    part (profile, consents, sign-in history, address changes, connected accounts), then
    each app's (a Wagtail hook ``masthead_member_data`` per app, returning its name and its
    JSON-ready data, so this app knows none of those above it)."""
    data = {
        "profile": {
            "email": member.email,
            "display_name": member.display_name,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "date_joined": _when(member.date_joined),
            "last_login": _when(member.last_login),
        },
        "consents": {
            "terms_version": member.terms_version,
            "terms_accepted_at": _when(member.terms_accepted_at),
            "daily_edition": member.daily_edition,
            "daily_edition_chosen_at": _when(member.daily_edition_chosen_at),
        },
        "sign_in_history": [
            {"at": _when(record.at), "method": record.method}
            for record in SignInRecord.objects.filter(member=member).order_by("at", "pk")
        ],
        "sign_in_requests": [
            {
                "purpose": token.purpose,
                "email": token.email,
                "created_at": _when(token.created_at),
                "used_at": _when(token.used_at),
            }
            for token in SignInToken.objects.filter(email=member.email).order_by("created_at")
        ],
        "email_changes": [
            {
                "from": change.old_email,
                "to": change.new_email,
                "at": _when(change.created_at),
                "undo_link_closed_at": _when(change.used_at),
            }
            for change in EmailChangeUndo.objects.filter(member=member).order_by("created_at")
        ],
        "connected_accounts": _connected_accounts(member),
    }
    for contribute in hooks.get_hooks("masthead_member_data"):
        name, part = contribute(member)
        data[name] = part
    return data


def _connected_accounts(member):
    if not apps.is_installed("allauth.socialaccount"):
        return []
    from allauth.socialaccount.models import SocialAccount

    return [
        {
            "provider": account.provider,
            "uid": account.uid,
            "date_joined": account.date_joined.isoformat(),
        }
        for account in SocialAccount.objects.filter(user=member)
    ]


def delete_account(request):
    """Delete the signed-in member and everything tied to them, and sign out."""
    member = request.user
    email = member.email
    security_event("account.deleted", member=member.pk)
    logout(request)
    with transaction.atomic():
        SignInToken.objects.filter(email=email).delete()
        member.delete()
