from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "masthead.sharing"
    label = "sharing"
    verbose_name = "Sharing and gift links"

    def ready(self):
        from masthead.core import pagecache

        # A gift link's page is its reader's alone: the page cache does not even look it up.
        pagecache.never_cached("/gift/")
