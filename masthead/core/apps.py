from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "Site"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401
        from .queryparams import read_by_pages

        # The sitemap's sections are listed page by page (Django's sitemap view reads `p`).
        read_by_pages("p")
