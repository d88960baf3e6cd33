from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import edge, pagecache
from .context_processors import NAV_CACHE_KEY


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def forget_cached_pages(instance=None, **kwargs):
    """A publish changes the navigation and any listing: drop the app's cached pages and
    tell the edge once the change is committed."""
    cache.delete(NAV_CACHE_KEY)
    pagecache.purge_all()
    page = instance or kwargs.get("page")
    if page is not None:
        transaction.on_commit(lambda: edge.purge_listings(page))
