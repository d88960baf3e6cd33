"""The staff second factor: an authenticator app (TOTP) with single-use recovery codes.

Everyone who can open the Wagtail admin (editors, reporters, administrators) proves a
second factor once per session when ``MASTHEAD_STAFF_MFA`` is on (the default in
production). A stolen password alone then opens nothing.
"""

import secrets

import pyotp
from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac

from masthead.core import clock
from masthead.ops.logs import security_event

from . import conf, ratelimit
from .models import RecoveryCode, StaffSecondFactor

SESSION_KEY = "accounts:second_factor"
RECOVERY_CODES = 10
# A code typed in the last seconds of its step is still accepted (clocks drift).
VALID_WINDOW = 1
FAILURES_SCOPE = "second-factor-fail"


def is_required(request):
    """Whether this request's member must prove a second factor before using the admin."""
    user = request.user
    return (
        getattr(settings, "MASTHEAD_STAFF_MFA", False)
        and user.is_authenticated
        and user.has_perm("wagtailadmin.access_admin")
        and request.session.get(SESSION_KEY) != user.pk
    )


def is_enrolled(member):
    return StaffSecondFactor.objects.filter(member=member, confirmed_at__isnull=False).exists()


def pending_secret(member):
    """The secret being set up (a new one until a code from it is confirmed)."""
    factor, _ = StaffSecondFactor.objects.get_or_create(
        member=member, defaults={"secret": pyotp.random_base32()}
    )
    if factor.confirmed_at is not None:
        raise ValueError("The authenticator is already set up.")
    return factor.secret


def provisioning_uri(member, secret):
    return pyotp.TOTP(secret).provisioning_uri(
        name=member.email, issuer_name=settings.WAGTAIL_SITE_NAME
    )


def qr_code_svg(uri):
    """The setup QR code, as an SVG data URI (no third party ever sees the secret)."""
    import segno  # noqa: PLC0415 - loaded when a QR code is drawn, not at every start

    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _code_hash(member, code, secret=None):
    normalized = code.replace("-", "").replace(" ", "").lower()
    return salted_hmac(
        "masthead.accounts.recovery",
        f"{member.pk}:{normalized}",
        secret=secret,
        algorithm="sha256",
    ).hexdigest()


def _code_hashes(member, code):
    """The code's hash under SECRET_KEY and each fallback: rotating the key must not
    silently void the codes a staff member keeps for a lost phone."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [_code_hash(member, code, key) for key in keys]


def _accept_totp(factor, code):
    """Accept a current code once; the factor row must be locked by the caller."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(factor.secret)
    now = clock.now()
    step = totp.timecode(now)
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        candidate = step + offset
        if candidate > factor.last_step and secrets.compare_digest(
            totp.generate_otp(candidate), code
        ):
            factor.last_step = candidate
            # Saving the secret again seals it under the current key (rotation).
            factor.save(update_fields=["last_step", "secret"])
            return True
    return False


def confirm_setup(member, code):
    """Confirm the pending authenticator with a code from it; return the recovery codes
    (shown once), or None when the code is wrong."""
    with transaction.atomic():
        factor = StaffSecondFactor.objects.select_for_update().get(member=member)
        if factor.confirmed_at is not None or not _accept_totp(factor, code):
            return None
        factor.confirmed_at = clock.now()
        factor.save(update_fields=["confirmed_at"])
        return new_recovery_codes(member)


def new_recovery_codes(member):
    """Replace the member's recovery codes; return the raw ones (stored hashed only)."""
    codes = [
        f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)
    ]  # 48 bits each, single use, behind the failure lockout
    RecoveryCode.objects.filter(member=member).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(member=member, code_hash=_code_hash(member, code)) for code in codes
    )
    return codes


def locked_out(member):
    return ratelimit.exceeded(
        FAILURES_SCOPE, str(member.pk), conf.get("ACCOUNTS_ADMIN_FAILURES_PER_ACCOUNT")
    )


def verify(member, code):
    """Check an authenticator code or an unused recovery code; False after too many
    failures, even for a right code, until the window passes."""
    if locked_out(member):
        security_event("mfa.locked", failed=True, member=member.pk)
        return False
    with transaction.atomic():
        factor = (
            StaffSecondFactor.objects.select_for_update()
            .filter(member=member, confirmed_at__isnull=False)
            .first()
        )
        if factor is not None and _accept_totp(factor, code):
            return True
        spent = RecoveryCode.objects.filter(
            member=member, code_hash__in=_code_hashes(member, code.strip()), used_at__isnull=True
        ).update(used_at=clock.now())
        if factor is not None and spent:
            return True
    ratelimit.hit(FAILURES_SCOPE, str(member.pk), conf.get("ACCOUNTS_ADMIN_FAILURES_PER_ACCOUNT"))
    security_event("mfa.failed", failed=True, member=member.pk)
    return False


def mark_verified(request):
    """This session has proved the second factor (a new session id, against fixation)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = request.user.pk
