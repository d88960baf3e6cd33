from django.apps import AppConfig


class OIDCConfig(AppConfig):
    name = "masthead.accounts.oidc"
    label = "accounts_oidc"
    verbose_name = "OpenID Connect sign-in"
