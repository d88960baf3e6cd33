"""An entry posted, edited or deleted reaches readers at their next poll: the app's kept
pages start a new publish generation, and the edge (nginx, its page files, a CDN) forgets
the page's addresses once the change is committed."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from masthead.core import generation

from .models import UPDATES, Entry


def purge_at_edge(page):
    if settings.WAGTAILFRONTENDCACHE:
        purge_urls_from_cache([page.full_url, f"{page.full_url}{UPDATES}/"])


@receiver(post_save, sender=Entry)
@receiver(post_delete, sender=Entry)
def entry_changed(instance, **kwargs):
    generation.purge_all()
    page = instance.page
    transaction.on_commit(lambda: purge_at_edge(page))
