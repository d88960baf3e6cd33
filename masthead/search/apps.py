from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "masthead.search"
    # `wagtail.search` already holds the label "wagtailsearch" and modelsearch "modelsearch";
    # a distinct label keeps the three apart.
    label = "masthead_search"
    verbose_name = "Site search"

    def ready(self):
        from masthead.core.queryparams import read_by_pages

        from . import checks, signal_handlers  # noqa: F401
        from .services import Filters

        read_by_pages("q", "page", *Filters.PARAMETERS)
