from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NewsConfig(AppConfig):
    name = "masthead.news"
    label = "news"
    verbose_name = "News"

    def ready(self):
        from masthead.core.queryparams import read_by_pages

        from . import signal_handlers  # noqa: F401

        # Section, topic and author pages are listed page by page.
        read_by_pages("page")

        post_migrate.connect(create_front_page, sender=self)


def create_front_page(using="default", **kwargs):
    from .setup import ensure_front_page

    ensure_front_page()
