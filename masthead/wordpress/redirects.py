"""Old WordPress addresses answering 301 to their new homes."""


def record(item):
    """Filled by the redirects work."""
