from django.db.models.signals import post_save
from django.dispatch import receiver

from masthead.core import pagecache

from .models import AccessSettings


@receiver(post_save, sender=AccessSettings)
def forget_cached_pages(created=False, **kwargs):
    """A changed wall setting changes what anonymous pages show: drop every cached copy."""
    if not created:
        pagecache.purge_all()
