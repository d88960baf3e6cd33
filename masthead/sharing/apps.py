from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "masthead.sharing"
    label = "sharing"
    verbose_name = "Sharing and gift links"
