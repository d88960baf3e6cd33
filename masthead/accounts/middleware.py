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
