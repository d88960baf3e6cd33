from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "masthead.alerts"
    label = "alerts"
    verbose_name = "Breaking-news alerts"

    def ready(self):
        from . import checks  # noqa: F401
