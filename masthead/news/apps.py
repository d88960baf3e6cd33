from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NewsConfig(AppConfig):
    name = "masthead.news"
    label = "news"
    verbose_name = "News"

    def ready(self):
        from . import signal_handlers  # noqa: F401

        post_migrate.connect(create_front_page, sender=self)


def create_front_page(using="default", **kwargs):
    from .setup import ensure_front_page

    ensure_front_page()
