from django.conf import settings
from django.core.checks import Error, Tags, register

from . import conf


@register(Tags.security)
def check_accounts_settings(app_configs, **kwargs):
    errors = []
    try:
        proxies = int(conf.get("TRUSTED_PROXY_COUNT") or 0)
    except (TypeError, ValueError):
        proxies = -1
    if proxies < 0:
        errors.append(Error("TRUSTED_PROXY_COUNT must be a whole number ≥ 0.", id="accounts.E001"))
    if conf.get("ACCOUNTS_TOKEN_MINUTES") > 20:
        errors.append(
            Error("Sign-in links must not live longer than 20 minutes.", id="accounts.E002")
        )
    if "masthead.accounts.backends.MemberBackend" not in settings.AUTHENTICATION_BACKENDS:
        errors.append(
            Error(
                "AUTHENTICATION_BACKENDS must include masthead.accounts.backends.MemberBackend.",
                id="accounts.E003",
            )
        )
    return errors
