"""The admin's second-factor screens: set up an authenticator, prove a code."""

from django import forms
from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from . import mfa


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return getattr(settings, "ACCOUNTS_ADMIN_PREFIX", "/admin/")


@never_cache
def setup(request):
    """Show the QR code of a new authenticator; a code from it confirms it and shows the
    recovery codes, once."""
    if mfa.is_enrolled(request.user):
        return redirect("accounts_second_factor_verify")
    secret = mfa.pending_secret(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = mfa.confirm_setup(request.user, form.cleaned_data["code"])
        if codes is not None:
            mfa.mark_verified(request)
            context = {"codes": codes, "next": _next_url(request)}
            return TemplateResponse(request, "accounts/second_factor/recovery_codes.html", context)
        form.add_error(
            "code", "That code did not match. Check that your phone's clock is right and try again."
        )
    uri = mfa.provisioning_uri(request.user, secret)
    context = {
        "form": form,
        "qr_code": mfa.qr_code_svg(uri),
        "secret": secret,
        "next": _next_url(request),
    }
    return TemplateResponse(request, "accounts/second_factor/setup.html", context)


@never_cache
def verify(request):
    """Ask for a code from the authenticator, or a recovery code."""
    if not mfa.is_enrolled(request.user):
        return redirect("accounts_second_factor_setup")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if mfa.verify(request.user, form.cleaned_data["code"]):
            mfa.mark_verified(request)
            return redirect(_next_url(request))
        if mfa.locked_out(request.user):
            form.add_error("code", "Too many wrong codes. Wait 15 minutes, then try again.")
        else:
            form.add_error(
                "code", "That code did not match. Try the current code, or a recovery code."
            )
    context = {"form": form, "next": _next_url(request)}
    return TemplateResponse(request, "accounts/second_factor/verify.html", context)
