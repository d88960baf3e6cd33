from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "masthead.live"
    label = "live"
    verbose_name = "Live coverage"

    def ready(self):
        from masthead.core import queryparams

        from . import signal_handlers  # noqa: F401 - an entry's change reaches the caches

        queryparams.read_by_pages("before")  # a live page's older entries
