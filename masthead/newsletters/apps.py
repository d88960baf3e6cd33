from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "masthead.newsletters"
    label = "newsletters"
    verbose_name = "Newsletters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from masthead.core.queryparams import read_by_pages

        from . import signal_handlers  # noqa: F401

        # The sign-up page chooses the newsletter a link names.
        read_by_pages("newsletter")
