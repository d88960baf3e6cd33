from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "masthead.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401
