from allauth.socialaccount.forms import SignupForm
from django import forms

from . import services


class SocialSignupForm(SignupForm):
    """allauth's sign-up after "Continue with", with Masthead's consent step."""

    accept_terms = forms.BooleanField(
        error_messages={"required": "Please accept the terms and conditions to register."}
    )
    daily_edition = forms.BooleanField(required=False, initial=True)

    def save(self, request):
        member = super().save(request)
        services.record_consent(member, daily_edition=self.cleaned_data["daily_edition"])
        return member
