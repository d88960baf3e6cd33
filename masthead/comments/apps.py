from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"
    verbose_name = "Comments"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401
