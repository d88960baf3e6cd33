"""How allauth's "Or Continue with" fits Masthead's accounts.

- No password sign-up or sign-in through allauth: readers use emailed links.
- A provider's email joins an existing member only when the provider marks it verified
  (``SOCIALACCOUNT_EMAIL_AUTHENTICATION``). Otherwise the reader gets a new account, or,
  when the address is taken, a page saying so. "Verified" means the claim is the JSON
  value ``true`` and nothing else: allauth copies some providers' claim as it comes, and
  the string ``"false"`` is true to Python.
- A new member confirms the terms and the Daily Edition choice before the account exists.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.urls import reverse

from masthead.core.text import clean_name
from masthead.ops.logs import security_event

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


VERIFIED_CLAIMS = ("email_verified", "verified_email")


def provider_vouches_for_email(extra_data):
    """True only when the provider's data says the address is verified with the JSON value
    ``true``, wherever it says so (the ID token, the userinfo answer, the profile): a
    string, a number, ``false`` or no claim at all is not a verified address."""
    data = extra_data if isinstance(extra_data, dict) else {}
    sources = [data, *(data[k] for k in ("userinfo", "id_token") if isinstance(data.get(k), dict))]
    claims = [source[key] for source in sources for key in VERIFIED_CLAIMS if key in source]
    return bool(claims) and all(claim is True for claim in claims)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return True

    def authenticate_by_email(self, sociallogin):
        # Called for every identity not yet connected, before it signs in as a member with
        # the same address or is stored: the addresses' flags are made strict here, so the
        # link, the sign-in and the stored address all see the same answer.
        vouched = provider_vouches_for_email(sociallogin.account.extra_data)
        for address in sociallogin.email_addresses:
            address.verified = vouched and address.verified is True
        return super().authenticate_by_email(sociallogin)

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        security_event(
            "oidc.refused",
            failed=True,
            provider=getattr(provider, "id", provider),
            error=error,
            reason=str(exception or "")[:200],
        )
        return super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )

    def get_connect_redirect_url(self, request, socialaccount):
        return reverse("accounts:account")

    def populate_user(self, request, sociallogin, data):
        member = super().populate_user(request, sociallogin, data)
        if not member.display_name:
            member.display_name = clean_name(data.get("name") or data.get("first_name"), 80)
        return member
