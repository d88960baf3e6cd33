"""The "Or Continue with" providers, configured for allauth from the environment or in the
admin (Settings → Sign-in providers: allauth's SocialApp rows, where the demo's issuer is
registered too)."""

import os

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse

# (allauth provider, environment prefix, button label)
SOCIAL = [
    ("google", "GOOGLE", "Google"),
    ("apple", "APPLE", "Apple"),
    ("facebook", "FACEBOOK", "Facebook"),
]


def providers_from_environment(environ=None):
    """Return ``SOCIALACCOUNT_PROVIDERS`` for the providers whose credentials are set.

    ``OIDC_ISSUER``, ``OIDC_CLIENT_ID``, ``OIDC_CLIENT_SECRET`` (and ``OIDC_NAME``, the
    button label) configure a generic OpenID Connect provider; ``GOOGLE_CLIENT_ID`` /
    ``GOOGLE_CLIENT_SECRET``, and the same for APPLE (plus ``APPLE_KEY_ID`` and
    ``APPLE_PRIVATE_KEY``) and FACEBOOK, the usual social ones. PKCE is on for all.
    """
    env = os.environ if environ is None else environ
    providers = {}
    if env.get("OIDC_ISSUER") and env.get("OIDC_CLIENT_ID"):
        providers["openid_connect"] = {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": env.get("OIDC_PROVIDER_ID", "oidc"),
                    "name": env.get("OIDC_NAME", "OpenID Connect"),
                    "client_id": env["OIDC_CLIENT_ID"],
                    "secret": env.get("OIDC_CLIENT_SECRET", ""),
                    "settings": {
                        "server_url": env["OIDC_ISSUER"],
                        "token_auth_method": env.get(
                            "OIDC_TOKEN_AUTH_METHOD", "client_secret_basic"
                        ),
                        "oauth_pkce_enabled": True,
                    },
                }
            ],
        }
    for provider, prefix, label in SOCIAL:
        client_id = env.get(f"{prefix}_CLIENT_ID")
        if not client_id:
            continue
        app = {
            "client_id": client_id,
            "secret": env.get(f"{prefix}_CLIENT_SECRET", ""),
            "name": label,
        }
        if provider == "apple":
            app["key"] = env.get("APPLE_KEY_ID", "")
            app["settings"] = {"certificate_key": env.get("APPLE_PRIVATE_KEY", "")}
        providers[provider] = {"OAUTH_PKCE_ENABLED": True, "APPS": [app]}
    return providers


def installed_providers(environ=None):
    """Google, Apple and Facebook whose sign-in routes are installed: those with keys in the
    environment, and those named in ``SOCIAL_PROVIDERS`` (comma-separated) to be configured
    in the admin instead. The others get no routes: their sign-in could only fail."""
    env = os.environ if environ is None else environ
    named = {name.strip().lower() for name in env.get("SOCIAL_PROVIDERS", "").split(",")}
    return [
        provider
        for provider, prefix, _label in SOCIAL
        if provider in named or env.get(f"{prefix}_CLIENT_ID")
    ]


def _configured_apps():
    """(provider, provider id, button label) of every app: the environment's (settings),
    then the admin's (allauth's SocialApp rows; the model is looked up, not imported, as
    the settings module imports this one)."""
    for provider, config in getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).items():
        for app in config.get("APPS", []):
            yield provider, app.get("provider_id", ""), app.get("name", "")
    social_app = apps.get_model("socialaccount", "SocialApp")
    for app in social_app.objects.order_by("name", "pk"):
        yield app.provider, app.provider_id, app.name


def configured_providers():
    """The buttons to show: name and login URL of each configured provider, from the
    environment and from the admin alike. A provider whose routes are not installed (Google,
    Apple or Facebook without its environment keys) has no button: its sign-in would fail."""
    buttons = []
    for provider, provider_id, name in _configured_apps():
        try:
            if provider == "openid_connect":
                url = reverse("openid_connect_login", kwargs={"provider_id": provider_id})
            else:
                url = reverse(f"{provider}_login")
        except NoReverseMatch:
            continue
        buttons.append({"name": name or provider.title(), "login_url": url})
    return buttons
