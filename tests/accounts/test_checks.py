"""Configuration mistakes are caught by `manage.py check`, not at the first sign-in."""

from masthead.accounts.checks import check_accounts_settings


def ids(errors):
    return sorted(error.id for error in errors)


def test_the_default_configuration_passes(settings):
    assert check_accounts_settings(None) == []


def test_a_negative_proxy_count_is_an_error(settings):
    settings.TRUSTED_PROXY_COUNT = -1
    assert ids(check_accounts_settings(None)) == ["accounts.E001"]


def test_links_may_not_live_longer_than_20_minutes(settings):
    settings.ACCOUNTS_TOKEN_MINUTES = 60
    assert ids(check_accounts_settings(None)) == ["accounts.E002"]


def test_the_member_backend_is_required(settings):
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    assert ids(check_accounts_settings(None)) == ["accounts.E003"]
