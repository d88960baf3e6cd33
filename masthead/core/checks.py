import os

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.compatibility)
def check_edge_pages_dir(app_configs, **kwargs):
    """EDGE_PAGES_DIR, when set, is a folder the app can write (it creates it if need be)."""
    folder = settings.EDGE_PAGES_DIR
    if not folder:
        return []
    existing = folder
    while not os.path.exists(existing):
        existing = os.path.dirname(existing) or "."
    if not os.path.isdir(existing) or not os.access(existing, os.W_OK | os.X_OK):
        return [
            Error(
                f"EDGE_PAGES_DIR {folder!r} cannot be written by this user ({existing!r} is "
                "not a writable folder): no page would be written for nginx.",
                id="masthead_core.E001",
            )
        ]
    return []
