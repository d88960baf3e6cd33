from django import forms

from .models import Newsletter


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please use the following structure: name@example.com",
        },
    )
    newsletter = forms.ModelChoiceField(
        queryset=Newsletter.objects.filter(is_active=True),
        to_field_name="slug",
        widget=forms.HiddenInput,
    )
