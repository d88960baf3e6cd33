"""Password sign-in, kept for staff only and throttled on failures."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from masthead.ops.logs import security_event

from . import conf, ratelimit
from .models import normalize_email


def _failure_keys(request, username):
    ip = ratelimit.client_ip(request) if request is not None else ""
    return [
        ("admin-fail-ip", ip, conf.get("ACCOUNTS_ADMIN_FAILURES_PER_IP")),
        (
            "admin-fail-account",
            normalize_email(username),
            conf.get("ACCOUNTS_ADMIN_FAILURES_PER_ACCOUNT"),
        ),
    ]


def note_failure(request, username):
    """Count a failed password sign-in against the client and the account."""
    keys = _failure_keys(request, username)
    (_, ip, _), _ = keys
    security_event("admin.password_failed", failed=True, email=username, ip=ip)
    for scope, identity, limit in keys:
        ratelimit.hit(scope, identity, limit)


class MemberBackend(ModelBackend):
    """The model backend, refusing password sign-in to non-staff and to throttled clients.

    Readers sign in with links and codes only; a reader's password (there should be none)
    never opens a session. After too many failures from a client or for an account, even
    the right password is refused until the window passes.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("email")
        if username is None or password is None:
            return None
        for scope, identity, limit in _failure_keys(request, username):
            if ratelimit.exceeded(scope, identity, limit):
                security_event("admin.locked", failed=True, email=username, scope=scope)
                raise PermissionDenied("Too many failed sign-ins.")
        member = super().authenticate(request, username=username, password=password, **kwargs)
        if member is not None and not member.is_staff:
            return None
        if member is not None:
            # Read by the user_logged_in receiver: this session may open the admin.
            member.signed_in_with_password = True
        return member
