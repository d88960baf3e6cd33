"""How allauth's "Or Continue with" fits Masthead's accounts.

- No password sign-up or sign-in through allauth: readers use emailed links.
- A provider's email joins an existing member only when the provider marks it verified
  (``SOCIALACCOUNT_EMAIL_AUTHENTICATION``; allauth checks the flag). Otherwise the reader
  gets a new account, or, when the address is taken, a page saying so.
- A new member confirms the terms and the Daily Edition choice before the account exists.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.urls import reverse

from .services import safe_next


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Registering happens through the emailed link (or a provider), never a password.
        return False

    def get_login_redirect_url(self, request):
        return safe_next(request, request.POST.get("next") or request.GET.get("next"))

    def get_logout_redirect_url(self, request):
        return "/"

    def send_mail(self, template_prefix, email, context):
        # allauth's own account emails (password reset and the like) are not used.
        return None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return True

    def get_connect_redirect_url(self, request, socialaccount):
        return reverse("accounts:account")

    def populate_user(self, request, sociallogin, data):
        member = super().populate_user(request, sociallogin, data)
        if not member.display_name:
            member.display_name = (data.get("name") or data.get("first_name") or "")[:80]
        return member
