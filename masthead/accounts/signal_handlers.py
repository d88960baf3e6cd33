from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from .backends import note_failure


@receiver(user_login_failed, dispatch_uid="accounts.count_failed_password_sign_in")
def count_failed_password_sign_in(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or credentials.get("email") or ""
    note_failure(request, username)
