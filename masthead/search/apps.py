from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "masthead.search"
    # `wagtail.search` already holds the label "wagtailsearch" and modelsearch "modelsearch";
    # a distinct label keeps the three apart.
    label = "masthead_search"
    verbose_name = "Site search"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401
