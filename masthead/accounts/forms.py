from django import forms

from masthead.core.text import clean_name

EMAIL_STRUCTURE = "Please use the following structure: name@example.com"


class EmailForm(forms.Form):
    """The one form for registering and signing in: an email address."""

    email = forms.EmailField(
        max_length=254,
        error_messages={"required": EMAIL_STRUCTURE, "invalid": EMAIL_STRUCTURE},
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class CodeForm(forms.Form):
    code = forms.CharField(max_length=20)


class ConsentForm(forms.Form):
    accept_terms = forms.BooleanField(
        error_messages={"required": "Please accept the terms and conditions to register."}
    )
    daily_edition = forms.BooleanField(required=False, initial=True)


class ProfileForm(forms.Form):
    display_name = forms.CharField(max_length=80, required=False)

    def clean_display_name(self):
        # What is saved, as the page shows it back: no invisible characters.
        return clean_name(self.cleaned_data["display_name"], 80)


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={"required": EMAIL_STRUCTURE, "invalid": EMAIL_STRUCTURE},
    )


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        error_messages={"required": "Tick the box to confirm that the account should go."}
    )
