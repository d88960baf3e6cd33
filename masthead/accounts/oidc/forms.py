"""The admin's form for one "Or Continue with" provider (allauth's SocialApp)."""

from allauth.socialaccount.models import SocialApp
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

PROVIDERS = [
    ("openid_connect", "OpenID Connect (any issuer)"),
    ("google", "Google"),
    ("apple", "Apple"),
    ("facebook", "Facebook"),
]


class SignInProviderForm(forms.ModelForm):
    """What an operator types from the provider's console; the rest is set here (PKCE on)."""

    provider = forms.ChoiceField(label="Provider", choices=PROVIDERS)
    server_url = forms.URLField(
        label="Issuer",
        required=False,
        assume_scheme="https",
        help_text="OpenID Connect only: the issuer's address, e.g. https://id.example.com "
        "(its /.well-known/openid-configuration is read from there).",
    )
    certificate_key = forms.CharField(
        label="Private key (Apple)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Apple only: the .p8 key's text, with its key ID in Key.",
    )

    class Meta:
        model = SocialApp
        fields = ["provider", "provider_id", "name", "client_id", "secret", "key"]
        labels = {
            "provider_id": "Identifier",
            "name": "Button label",
            "client_id": "Client ID",
            "secret": "Client secret",  # nosec B105 - a label, not a secret
            "key": "Key",
        }
        help_texts = {
            "provider_id": "OpenID Connect only: a short name in the sign-in address "
            "(/auth/oidc/<identifier>/login/), such as 'staff-id'.",
            "name": "What the reader's button says, e.g. 'Google' or 'Example ID'.",
        }

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        app_settings = self.instance.settings or {}
        self.fields["server_url"].initial = app_settings.get("server_url", "")
        self.fields["certificate_key"].initial = app_settings.get("certificate_key", "")

    def clean(self):
        data = super().clean()
        provider = data.get("provider")
        if provider == "openid_connect":
            identifier = data.get("provider_id") or ""
            if not identifier:
                self.add_error("provider_id", "An OpenID Connect provider needs an identifier.")
            else:
                try:
                    validate_slug(identifier)
                except ValidationError:
                    self.add_error("provider_id", "Use letters, digits, hyphens and underscores.")
            if not data.get("server_url"):
                self.add_error("server_url", "An OpenID Connect provider needs its issuer.")
        elif provider:
            data["provider_id"] = ""
        if provider == "apple" and not data.get("certificate_key"):
            self.add_error("certificate_key", "Apple needs the private key.")
        return data

    def save(self, commit=True):
        app = super().save(commit=False)
        app_settings = dict(app.settings or {})
        app_settings["oauth_pkce_enabled"] = True
        if app.provider == "openid_connect":
            app_settings["server_url"] = self.cleaned_data["server_url"]
            app_settings.setdefault("token_auth_method", "client_secret_basic")
        if app.provider == "apple":
            app_settings["certificate_key"] = self.cleaned_data["certificate_key"]
        app.settings = app_settings
        if commit:
            app.save()
        return app
