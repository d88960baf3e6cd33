from django.db.models.signals import post_save
from django.dispatch import receiver

from masthead.core import generation

from . import policy
from .models import AccessSettings


@receiver(post_save, sender=AccessSettings)
def forget_cached_pages(created=False, **kwargs):
    """A changed wall setting changes what anonymous pages show: drop every cached copy and
    the settings each process keeps (`policy.wall_settings`, kept per generation). The row is
    created by the first page that asks for it, with the defaults every page already used."""
    if created:
        policy.wall_settings.forget()
    else:
        generation.purge_all()
