from allauth.socialaccount.forms import SignupForm
from django import forms
from django.db import transaction

from . import services


class SocialSignupForm(SignupForm):
    """allauth's sign-up after "Continue with", with Masthead's consent step."""

    accept_terms = forms.BooleanField(
        error_messages={"required": "Please accept the terms and conditions to register."}
    )
    daily_edition = forms.BooleanField(required=False, initial=True)

    def save(self, request):
        # The member, their provider identity and their consent: all or none.
        with transaction.atomic():
            member = super().save(request)
            services.record_consent(member, daily_edition=self.cleaned_data["daily_edition"])
        return member
