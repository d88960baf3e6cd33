from allauth.account.signals import user_logged_in as allauth_user_logged_in
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import services
from .backends import note_failure
from .middleware import NO_ADMIN_SESSION_KEY
from .models import SignInRecord


@receiver(user_login_failed, dispatch_uid="accounts.count_failed_password_sign_in")
def count_failed_password_sign_in(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or credentials.get("email") or ""
    note_failure(request, username)


@receiver(user_logged_in, dispatch_uid="accounts.note_password_sign_in")
def note_password_sign_in(sender, request, user, **kwargs):
    if getattr(user, "signed_in_with_password", False) and hasattr(request, "session"):
        request.session.pop(NO_ADMIN_SESSION_KEY, None)


@receiver(user_logged_in, dispatch_uid="accounts.record_sign_in")
def record_sign_in(sender, request, user, **kwargs):
    """A link, a code or a password: the sign-in history has one line more. (A provider's
    sign-in is recorded below, by the provider's own signal.)"""
    method = getattr(request, "masthead_sign_in_method", None)
    if method is None and getattr(user, "signed_in_with_password", False):
        method = SignInRecord.Method.PASSWORD
    if method is not None:
        services.record_sign_in(user, method)


@receiver(allauth_user_logged_in, dispatch_uid="accounts.note_provider_sign_in")
def note_provider_sign_in(sender, request, user, **kwargs):
    if kwargs.get("sociallogin") is not None and hasattr(request, "session"):
        request.session[NO_ADMIN_SESSION_KEY] = True
        services.record_sign_in(user, SignInRecord.Method.PROVIDER)
