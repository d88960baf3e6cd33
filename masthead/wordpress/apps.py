from django.apps import AppConfig


class WordpressConfig(AppConfig):
    name = "masthead.wordpress"
    label = "wordpress"
    verbose_name = "WordPress import"

    def ready(self):
        from . import wagtail_hooks  # noqa: F401
