from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect

# Set on sessions begun by an emailed link or a provider; a password sign-in clears it.
NO_ADMIN_SESSION_KEY = "accounts:no_admin"


class AdminNeedsPasswordMiddleware:
    """Open the admin only to sessions that began with a password.

    A staff member signed in by an emailed link (or a provider) reads the site as a
    member, but the admin asks for the password first: whoever can read a staff
    inbox does not thereby get the editors' tools.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = getattr(settings, "ACCOUNTS_ADMIN_PREFIX", "/admin/")
        if request.path.startswith(prefix) and self._needs_password(request):
            if request.path.startswith(prefix + "login/"):
                request.user = AnonymousUser()
            else:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{prefix}login/?{query}")
        return self.get_response(request)

    def _needs_password(self, request):
        user = request.user
        return (
            user.is_authenticated
            and user.is_staff
            and request.session.get(NO_ADMIN_SESSION_KEY, False)
        )


class StaffSecondFactorMiddleware:
    """Open the admin only to sessions that proved a second factor (when required).

    A member who can use the admin but has no authenticator yet is sent to set one up;
    one who has is asked for a code (or a recovery code) once per session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import mfa

        prefix = getattr(settings, "ACCOUNTS_ADMIN_PREFIX", "/admin/")
        open_paths = tuple(prefix + part for part in ("login/", "logout/", "second-factor/"))
        if (
            request.path.startswith(prefix)
            and not request.path.startswith(open_paths)
            and mfa.is_required(request)
        ):
            step = "verify" if mfa.is_enrolled(request.user) else "setup"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{prefix}second-factor/{step}/?{query}")
        return self.get_response(request)
