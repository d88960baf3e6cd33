from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "Site"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401
